#!/usr/bin/python3
"""PyTorch CPU training throughput for Wiregrad's three templates and ResNet-8 (the baseline
Wiregrad is compared against).  Random data of the right shape, 10 classes; a full step is
zero_grad, forward, loss, backward, optimizer.step.

    /usr/bin/python3 scripts/pytorch/bench.py            # table, ~50 s on 2 cores
    /usr/bin/python3 scripts/pytorch/bench.py --json     # one JSON line per configuration
    /usr/bin/python3 scripts/pytorch/bench.py --quick    # ~1 s per configuration (3 interleaved rounds)
    /usr/bin/python3 scripts/pytorch/bench.py --project assets/templates/mnist-lenet.wiregrad.json
    /usr/bin/python3 scripts/pytorch/bench.py --models resnet8 --batches 64,128

The models are built through models.py from Wiregrad-style documents, so the same code
path that parity.py uses is measured.
"""

import argparse
import json
import os
import sys
import time

import torch
from torch import nn

sys.dont_write_bytecode = True  # keep __pycache__ out of scripts/pytorch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import build_model, load_project, make_optimizer  # noqa: E402


def chain_doc(name, shape, layers, loss="CrossEntropyLoss"):
    """A Wiregrad document for Input(shape) -> layers... -> loss."""
    nodes = [{"id": "input", "type": "Input", "params": {"shape": shape}, "position": {"x": 0, "y": 0}}]
    edges = []
    prev, port = "input", "x"
    for i, (t, p) in enumerate(layers, 1):
        nid = "n%d" % i
        nodes.append({"id": nid, "type": t, "params": p, "position": {"x": 0, "y": 0}})
        edges.append({"id": "e%d" % i, "from": {"node": prev, "port": port}, "to": {"node": nid, "port": "input"}})
        prev, port = nid, "output"
    nodes.append({"id": "loss", "type": loss, "params": {}, "position": {"x": 0, "y": 0}})
    edges.append({"id": "eL", "from": {"node": prev, "port": port}, "to": {"node": "loss", "port": "input"}})
    edges.append({"id": "eT", "from": {"node": "input", "port": "y"}, "to": {"node": "loss", "port": "target"}})
    return {"version": 1, "name": name, "nodes": nodes, "edges": edges, "training": {}}


def lin(n):
    return ("Linear", {"in_features": "auto", "out_features": n, "bias": True})


def conv(c, k, padding=0):
    return ("Conv2d", {"in_channels": "auto", "out_channels": c, "kernel_size": k, "stride": 1,
                       "padding": padding, "dilation": 1, "groups": 1, "bias": True})


RELU = ("ReLU", {})
POOL2 = ("MaxPool2d", {"kernel_size": 2, "stride": None, "padding": 0})
FLAT = ("Flatten", {})

TEMPLATES = {
    "mlp": chain_doc("mlp", [1, 28, 28], [FLAT, lin(128), RELU, lin(64), RELU, lin(10)]),
    "lenet": chain_doc("lenet", [1, 28, 28], [conv(6, 5, 2), RELU, POOL2, conv(16, 5), RELU, POOL2, FLAT,
                                              lin(120), RELU, lin(84), RELU, lin(10)]),
    "convnet": chain_doc("convnet", [3, 32, 32], [conv(32, 3, 1), RELU, POOL2, conv(64, 3, 1), RELU, POOL2,
                                                  conv(128, 3, 1), RELU, POOL2, FLAT, lin(10)]),
}

class ResNet8(nn.Module):
    """The twin of core/bench/resnet8.ts: stem, three residual blocks (16, 32, 64 channels; the
    last two stride 2 with a 1x1 strided projection), global average pooling, Linear. Convolutions
    have no bias (BatchNorm follows each)."""

    input_shape = [3, 32, 32]

    def __init__(self, classes=10):
        super().__init__()

        def conv_bn(cin, cout, stride, k=3):
            return nn.Sequential(nn.Conv2d(cin, cout, k, stride, padding=k // 2, bias=False), nn.BatchNorm2d(cout))

        self.stem = conv_bn(3, 16, 1)
        self.blocks = nn.ModuleList()
        for cin, cout, stride in [(16, 16, 1), (16, 32, 2), (32, 64, 2)]:
            block = nn.Module()
            block.conv1, block.conv2 = conv_bn(cin, cout, stride), conv_bn(cout, cout, 1)
            block.down = conv_bn(cin, cout, stride, 1) if stride != 1 else None
            self.blocks.append(block)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, classes)
        self.loss_fn = nn.CrossEntropyLoss()

    def forward(self, x):
        x = torch.relu(self.stem(x))
        for b in self.blocks:
            shortcut = x if b.down is None else b.down(x)
            x = torch.relu(b.conv2(torch.relu(b.conv1(x))) + shortcut)
        return self.fc(torch.flatten(self.pool(x), 1))


# Networks written as PyTorch modules (models.py builds chains only), by the name the bench uses.
TWINS = {"resnet8": ResNet8}

OPTIMIZERS = {
    "sgd": {"type": "sgd", "lr": 0.01, "momentum": 0, "dampening": 0, "nesterov": False, "weight_decay": 0},
    "adam": {"type": "adam", "lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0},
}


class Config:
    """One (model, batch, optimizer) with its live model, optimizer and data."""

    def __init__(self, doc, batch, opt_name, classes=10):
        torch.manual_seed(0)
        twin = isinstance(doc, str)
        self.name, self.batch, self.opt_name = doc if twin else doc["name"], batch, opt_name
        self.model = TWINS[doc]() if twin else build_model(doc)
        self.model.train()
        self.opt = make_optimizer(self.model.parameters(), OPTIMIZERS[opt_name])
        self.x = torch.randn([batch] + self.model.input_shape)
        self.y = torch.randint(0, classes, (batch,))
        self.round_rates = []  # batch / median step time, per round
        self.steps = 0
        self.total = 0.0

    def step(self):
        self.opt.zero_grad()
        loss = self.model.loss_fn(self.model(self.x), self.y)
        loss.backward()
        self.opt.step()

    def run_round(self, seconds, warmup_s):
        t0 = time.perf_counter()
        n = 0
        while n < 2 or time.perf_counter() - t0 < warmup_s:
            self.step()
            n += 1
        times, total = [], 0.0
        while total < seconds or len(times) < 3:
            t = time.perf_counter()
            self.step()
            dt = time.perf_counter() - t
            times.append(dt)
            total += dt
        times.sort()
        k = len(times)
        median = times[k // 2] if k % 2 else 0.5 * (times[k // 2 - 1] + times[k // 2])
        self.round_rates.append(self.batch / median)
        self.steps += k
        self.total += total

    def result(self):
        return {"model": self.name, "batch": self.batch, "optimizer": self.opt_name,
                "samples_per_s": round(max(self.round_rates), 1),
                "mean_samples_per_s": round(self.steps * self.batch / self.total, 1),
                "rounds": [round(r, 1) for r in self.round_rates], "steps": self.steps}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="one JSON line per configuration")
    ap.add_argument("--quick", action="store_true", help="~1 s per configuration instead of 3")
    ap.add_argument("--seconds", type=float, help="timed seconds per configuration (default 3, quick 1)")
    ap.add_argument("--models", default="mlp,lenet,convnet")
    ap.add_argument("--batches", default="64,256")
    ap.add_argument("--optimizers", default="sgd,adam")
    ap.add_argument("--project", action="append", default=[],
                    help="benchmark a *.wiregrad.json instead of the built-in templates (repeatable)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds per configuration")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    seconds = args.seconds if args.seconds is not None else (1.0 if args.quick else 3.0)
    warmup = 0.3 if args.quick else 0.75
    if args.project:
        docs = []
        for p in args.project:
            d = load_project(p)
            d["name"] = d.get("name") or os.path.basename(p)
            docs.append(d)
    else:
        docs = [m if m in TWINS else TEMPLATES[m] for m in args.models.split(",")]
    batches = [int(b) for b in args.batches.split(",")]
    opts = args.optimizers.split(",")

    configs = [Config(doc, b, o) for doc in docs for b in batches for o in opts]
    rounds = max(1, args.rounds)
    if not args.json:
        print("torch %s, %d threads, %.1f s per configuration in %d interleaved rounds"
              % (torch.__version__, args.threads, seconds, rounds), flush=True)
    # Rounds are interleaved across configurations so that a burst of other activity on the
    # machine spoils one round of a configuration rather than all of it.
    for r in range(rounds):
        for c in configs:
            c.run_round(seconds / rounds, warmup if r == 0 else 0.0)
    if not args.json:
        print("samples/s = batch / median step time, best of the rounds; 'mean' = all samples / all time")
        print("%-10s %6s %-6s %12s %12s %7s  %s" % ("model", "batch", "optim", "samples/s", "mean", "steps",
                                                    "per round"))
    for c in configs:
        res = c.result()
        if args.json:
            print(json.dumps({k: res[k] for k in ("model", "batch", "optimizer", "samples_per_s")}))
        else:
            print("%-10s %6d %-6s %12.1f %12.1f %7d  %s" % (res["model"], res["batch"], res["optimizer"],
                                                            res["samples_per_s"], res["mean_samples_per_s"],
                                                            res["steps"], " ".join("%.0f" % x for x in res["rounds"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
