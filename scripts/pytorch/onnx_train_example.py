"""Trains a Wiregrad training-step file with ONNX Runtime and numpy alone (pip install onnxruntime numpy).
    wiregrad export P --format onnx-train -o step.onnx      (P trains on MNIST or IDX files)
    python3 onnx_train_example.py step.onnx train-images-idx3-ubyte train-labels-idx1-ubyte [STEPS]"""
import json, os, sys
import numpy as np
import onnxruntime as ort

model, images, labels = sys.argv[1:4]
steps = int(sys.argv[4]) if len(sys.argv) > 4 else 100
folder = os.path.dirname(os.path.abspath(model))
index = json.load(open(os.path.join(folder, os.path.basename(model)[:-5] + ".state.json")))
feeds, role = {}, {i["role"]: i["name"] for i in index["inputs"]}
for i in index["inputs"]:  # initial values: vectors from the .bin file, scalars from the index
    init = i.get("initial")
    if isinstance(init, dict):
        feeds[i["name"]] = np.fromfile(os.path.join(folder, init["file"]), "<f4", init["length"], offset=4 * init["offset"]).reshape(i["shape"])
    elif init is not None:
        feeds[i["name"]] = np.array(init, dtype=i["dtype"])
def idx(path):  # IDX: 00 00 08 <ndims>, big-endian uint32 dims, then the bytes
    raw = open(path, "rb").read()
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * raw[3]).reshape(np.frombuffer(raw, ">u4", raw[3], 4))
shape, norm = index["data"]["input_shape"], index["data"]["normalize"] or {"mean": [0.0], "std": [1.0]}
mean, std = (np.array(norm[k], np.float32).reshape([1, -1] + [1] * (len(shape) - 1)) for k in ("mean", "std"))
x_all, y_all, b = idx(images).reshape([-1] + shape), idx(labels).astype(np.int64), index["batch"]
session = ort.InferenceSession(os.path.join(folder, index["model"]))
names = [o.name for o in session.get_outputs()]
for step in range(min(steps, len(y_all) // b)):  # file order, full batches: the step file's batch is fixed
    feeds[role["x"]] = ((x_all[step * b:(step + 1) * b] / 255.0 - mean) / std).astype(np.float32)
    feeds[role["y"]] = y_all[step * b:(step + 1) * b]
    out = dict(zip(names, session.run(names, feeds)))
    feeds.update({i["name"]: out[i["next"]] for i in index["inputs"] if "next" in i})  # carry the state
    print("step %d loss %.8f" % (step + 1, out["loss"]))
