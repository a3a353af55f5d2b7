"""Test stand-in for the onnxruntime Python package, which cannot be installed on these
machines: the same InferenceSession calls (get_outputs, run), executed by onnxruntime-node in
a child process (bridge.cjs). Lets the suite run scripts/pytorch/onnx_train_example.py as is."""
import base64
import json
import os
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


class _Output:
    def __init__(self, name):
        self.name = name


class InferenceSession:
    def __init__(self, path):
        self._node = subprocess.Popen(["node", os.path.join(HERE, "bridge.cjs"), path], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
        self._outputs = json.loads(self._node.stdout.readline())

    def get_outputs(self):
        return [_Output(n) for n in self._outputs]

    def run(self, names, feeds):
        wire = {k: {"dtype": str(v.dtype), "shape": list(v.shape),
                    "data": base64.b64encode(np.ascontiguousarray(v).tobytes()).decode()} for k, v in feeds.items()}
        self._node.stdin.write(json.dumps({"names": names or self._outputs, "feeds": wire}) + "\n")
        self._node.stdin.flush()
        out = json.loads(self._node.stdout.readline())
        return [np.frombuffer(base64.b64decode(out[n]["data"]), out[n]["dtype"]).reshape(out[n]["shape"])
                for n in (names or self._outputs)]
