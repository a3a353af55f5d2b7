"""Test helper (layers.test.ts): imports exported model.py files as modules and reports what
their models compute, so the test can compare with ONNX Runtime and Wiregrad's own code.

    python3 run_exported.py REQUEST.json  ->  JSON on stdout
REQUEST: {"cases": [{"script", "x", "shape", "y", "init_seed"?}], "rng_seed": N}
"""
import importlib.util
import json
import sys
import traceback

import torch

sys.dont_write_bytecode = True
torch.set_num_threads(1)


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


request = json.load(open(sys.argv[1]))
results = []
module = None
def run(i, case):
    module = load(case["script"], "exported_%d" % i)
    model = module.build_model()
    model.load_state_dict(module.initial_state(module.WEIGHTS, module.SEED, print))
    model.eval()
    x = torch.tensor(case["x"], dtype=torch.float32).reshape(case["shape"])
    y = torch.tensor(case["y"], dtype=torch.long)
    with torch.no_grad():
        logits = model(x)
        loss = module.compute_loss(logits, y)
    out = {"logits": logits.reshape(-1).tolist(), "loss": loss.item(), "keys": list(model.state_dict())}
    if "init_seed" in case:
        _, index = module.load_weights(module.WEIGHTS)
        out["init"] = module.wiregrad_init(index, case["init_seed"]).tolist()
    return module, out


for i, case in enumerate(request["cases"]):
    try:
        module, out = run(i, case)
    except Exception:  # reported per case, so the test names the layer
        out = {"error": traceback.format_exc(limit=-3)}
    results.append(out)

rng = module.WiregradRng(request["rng_seed"])
forked = rng.fork(3)
draws = {"u32": rng.u32s(4), "forked": forked.u32s(3), "uniform": [forked.uniform(-2.5, 2.5) for _ in range(3)],
         "below": [forked.below(7) for _ in range(5)], "shuffle": forked.shuffle(list(range(12)))}
print(json.dumps({"cases": results, "rng": draws}))
