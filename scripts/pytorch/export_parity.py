#!/usr/bin/python3
"""Parity of `wiregrad export --format pytorch`: the exported script's per-step losses against
`wiregrad train`'s, from the same initial weights on the same batches, in one process and
under torchrun with several CPU ranks (DistributedDataParallel, gloo).

    npm run build
    /usr/bin/python3 scripts/pytorch/export_parity.py                  # the three templates
    /usr/bin/python3 scripts/pytorch/export_parity.py --models lenet --steps 50 --ranks 3
    /usr/bin/python3 scripts/pytorch/export_parity.py --models resnet8 --ranks 1
    /usr/bin/python3 scripts/pytorch/export_parity.py --models my-project.wiregrad.json
    /usr/bin/python3 scripts/pytorch/export_parity.py --models convnet --shuffle --epochs 2 --steps 40 --batch-size 63

For each template it runs, in a temporary folder:
    wiregrad export T --format pytorch -o model.py --seed S
    wiregrad train  T --no-shuffle --steps N --seed S --metrics wiregrad.jsonl
    python3 model.py  --no-shuffle --steps N --seed S --metrics single.jsonl --threads 1
    torchrun --nproc_per_node=R model.py ... --metrics ranks.jsonl        (OMP_NUM_THREADS=1)
and compares the step losses (max relative difference), the test and validation losses of the
last epoch, and
the fields of every record (the script writes the same JSON lines as wiregrad train), and the
learning rate of every step (schedules: torch.optim.lr_scheduler against Wiregrad's, 1e-12).
With --state DIR it also compares the state after the last step: `wiregrad train --export`'s
initializers (trained parameters, BatchNorm running statistics) with the script's
--checkpoint, and writes the script's eval-mode outputs on a fixed probe batch to
DIR/<model>.eval.json beside DIR/<model>.onnx, for the caller to run in ONNX Runtime.

Exit status: 0 all within --tol, 1 some run exceeded it, 2 a command failed.
"""

import argparse
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEMPLATES = {
    "mlp": "assets/templates/mnist-mlp.wiregrad.json",
    "lenet": "assets/templates/mnist-lenet.wiregrad.json",
    "convnet": "assets/templates/cifar-convnet.wiregrad.json",
    "resnet8": "assets/templates/cifar-resnet8.wiregrad.json",
}


class Failed(Exception):
    pass


def run(cmd, env=None, cwd=REPO):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise Failed("%s exited %d:\n%s%s" % (" ".join(cmd), p.returncode, p.stdout[-2000:], p.stderr[-3000:]))
    return time.perf_counter() - t0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def records(path):
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return {r["step"]: r["loss"] for r in rows if r["kind"] == "step"}, [r for r in rows if r["kind"] == "epoch"], rows


def learning_rates(rows):
    return {r["step"]: r.get("lr") for r in rows if r["kind"] == "step"}


OPTIONAL = {"data_wait_s"}  # a diagnostic wiregrad writes only when it prefetches batches


def shapes(rows):
    """Each record's kind and field names, in order: what a consumer of the JSONL relies on."""
    return sorted(set((r["kind"], tuple(k for k in r if k not in OPTIONAL)) for r in rows))


def rel(a, b):
    return abs(a - b) / max(abs(a), 1e-12)


def compare(reference, path):
    ref_steps, ref_epochs, ref_rows = reference
    steps, epochs, rows = records(path)
    if sorted(steps) != sorted(ref_steps):
        raise Failed("%s has steps %s, wiregrad %s" % (path, sorted(steps)[:5], sorted(ref_steps)[:5]))
    worst = max(steps, key=lambda s: rel(ref_steps[s], steps[s]))
    last, ref_last = epochs[-1] if epochs else {}, ref_epochs[-1] if ref_epochs else {}
    test, val = [rel(ref_last[k], last[k]) if k in ref_last and k in last else None for k in ("test_loss", "val_loss")]
    ref_lrs, lrs = learning_rates(ref_rows), learning_rates(rows)
    lr_rel = max((rel(ref_lrs[s], lrs[s]) if ref_lrs[s] is not None and lrs.get(s) is not None else float("inf") for s in ref_lrs), default=0.0)
    return {"steps": len(steps), "max_rel": rel(ref_steps[worst], steps[worst]), "at_step": worst, "test_loss_rel": test, "val_loss_rel": val,
            "lr_max_rel": lr_rel, "same_records": shapes(rows) == shapes(ref_rows)}


def compare_state(script, checkpoint, stem):
    """Trained state of wiregrad (the exported ONNX's initializers) against the script's checkpoint,
    and the script's eval-mode outputs on a probe batch (written to STEM.eval.json)."""
    import importlib.util

    import onnx
    import torch
    from onnx import numpy_helper

    spec = importlib.util.spec_from_file_location("exported_model", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    state = torch.load(checkpoint)["model"]
    wiregrad = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in onnx.load(stem + ".onnx").graph.initializer}
    worst = {"running": 0.0, "params": 0.0}
    compared = []
    for key, theirs in state.items():
        if key.endswith("num_batches_tracked"):
            continue
        if key not in wiregrad:
            raise Failed("%s is in the script's state_dict but not among the exported initializers %s" % (key, sorted(wiregrad)[:8]))
        kind = "running" if ".running_" in key else "params"
        worst[kind] = max(worst[kind], (wiregrad[key].reshape(theirs.shape) - theirs.float()).abs().max().item())
        compared.append(key)
    model = module.build_model()
    model.load_state_dict(state)
    model.eval()
    shape = [4] + list(module.INPUT_SHAPE)
    x = torch.sin(0.37 * torch.arange(math.prod(shape), dtype=torch.float64)).float().reshape(shape)
    with torch.no_grad():
        logits = model(x)
    with open(stem + ".eval.json", "w", encoding="utf-8") as f:
        json.dump({"shape": shape, "x": x.reshape(-1).tolist(), "logits": logits.reshape(-1).tolist()}, f)
    return {"running_max_abs": worst["running"], "params_max_abs": worst["params"], "state_keys": compared}


def check_model(name, args, tmp):
    project = os.path.join(REPO, TEMPLATES[name]) if name in TEMPLATES else os.path.abspath(name)
    script = os.path.join(tmp, "model.py")
    wiregrad = [shutil.which("node") or "node", os.path.join(REPO, "bin", "wiregrad.js")]
    common = ["--steps", str(args.steps), "--seed", str(args.seed)] + ([] if args.shuffle else ["--no-shuffle"])
    if args.epochs:
        common += ["--epochs", str(args.epochs)]
    if args.batch_size:
        common += ["--batch-size", str(args.batch_size)]
    torch_seed = ["--seed", str(args.seed + 1)] if args.mismatch_seed else []
    # Both from the seeded initial weights (--fresh: not a weights file beside the project), none saved.
    run(wiregrad + ["export", project, "--format", "pytorch", "-o", script, "--seed", str(args.seed), "--fresh"])
    stem = os.path.join(args.state, os.path.basename(name).replace(".wiregrad.json", "")) if args.state else None
    onnx_out = ["--export", stem + ".onnx"] if stem else []
    checkpoint = ["--checkpoint", os.path.join(tmp, "torch.pt")] if stem else []
    t_wg = run(wiregrad + ["train", project, *common, *onnx_out, "--fresh", "--no-save-weights", "--metrics", os.path.join(tmp, "wiregrad.jsonl")])
    reference = records(os.path.join(tmp, "wiregrad.jsonl"))
    env = dict(os.environ, OMP_NUM_THREADS="1")
    out = []
    if not args.ranks_only:
        t = run([args.python, script, *common, *torch_seed, "--threads", "1", "--quiet", *checkpoint, "--metrics", os.path.join(tmp, "single.jsonl")], env)
        out.append(dict(model=name, run="single process", seconds=round(t, 1), **compare(reference, os.path.join(tmp, "single.jsonl"))))
        if stem:
            out[-1].update(compare_state(script, os.path.join(tmp, "torch.pt"), stem))
    if args.ranks > 1:
        # --redirects/--tee work around torchrun 1.13 under Python 3.11 (its Std.from_str("0") returns None).
        launch = [args.python, "-m", "torch.distributed.run", "--nnodes=1", "--nproc_per_node=%d" % args.ranks,
                  "--master_addr=127.0.0.1", "--master_port=%d" % free_port(), "--monitor_interval=0.2",
                  "--redirects", "1", "--tee", "1"]
        t = run(launch + [script, *common, *torch_seed, "--device", "cpu", "--quiet", "--metrics", os.path.join(tmp, "ranks.jsonl")], env)
        out.append(dict(model=name, run="%d ranks (gloo)" % args.ranks, seconds=round(t, 1), **compare(reference, os.path.join(tmp, "ranks.jsonl"))))
    for r in out:
        r["wiregrad_seconds"] = round(t_wg, 1)
        r["pass"] = r["max_rel"] <= args.tol and r["lr_max_rel"] <= 1e-12 and r["same_records"]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="mlp,lenet,convnet", help="comma-separated: %s, or project files" % ", ".join(TEMPLATES))
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--epochs", type=int, help="override the project's epochs (to cross epoch boundaries)")
    ap.add_argument("--batch-size", type=int, help="override the project's batch (odd sizes split unevenly across ranks)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ranks", type=int, default=2, help="torchrun processes (1: single process only)")
    ap.add_argument("--ranks-only", action="store_true", help="skip the single-process run")
    ap.add_argument("--shuffle", action="store_true", help="keep shuffling on (the script draws Wiregrad's permutation)")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--mismatch-seed", action="store_true", help="negative control: the script runs with seed + 1")
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--keep", help="keep the run folders under this directory")
    ap.add_argument("--state", metavar="DIR", help="also compare the trained state (running statistics) and write eval outputs here")
    ap.add_argument("--json", action="store_true", help="one JSON line per run")
    args = ap.parse_args(argv)

    results = []
    try:
        for name in args.models.split(","):
            if name not in TEMPLATES and not os.path.isfile(name):
                raise Failed("unknown model %r (use %s, or a project file)" % (name, ", ".join(TEMPLATES)))
            tmp = tempfile.mkdtemp(prefix="wiregrad-parity-%s-" % os.path.basename(name), dir=args.keep)
            try:
                results += check_model(name, args, tmp)
            finally:
                if not args.keep:
                    shutil.rmtree(tmp, ignore_errors=True)
    except Failed as e:
        print("export_parity: %s" % e, file=sys.stderr)
        return 2

    for r in results:
        if args.json:
            print(json.dumps(r))
        else:
            test = "" if r["test_loss_rel"] is None else ", test loss %.1e" % r["test_loss_rel"]
            print("%-8s %-18s %3d steps  max relative loss difference %.2e (step %d)%s%s  %s  [%.1f s; wiregrad %.1f s]"
                  % (r["model"], r["run"], r["steps"], r["max_rel"], r["at_step"], test,
                     "" if r["same_records"] else ", RECORDS DIFFER", "PASS" if r["pass"] else "FAIL",
                     r["seconds"], r["wiregrad_seconds"]))
    return 0 if all(r["pass"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
