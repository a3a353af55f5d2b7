"""PyTorch's learning rates for Wiregrad's schedule configs (the reference for test/core/optim/schedules.test.ts).

Reads a JSON list of cases on stdin: {"name", "schedule" (a training.schedule object with every
field filled), "lr" (the optimizer's lr), "calls" (scheduler.step() calls), "units" (what a null
T_max / total_steps means), "metrics" (ReduceLROnPlateau only: one value per call)}.
Writes {name: [lr before call 0, lr before call 1, ...]} as JSON: the lr each optimizer step used.

  /usr/bin/python3 scripts/pytorch/schedules.py < cases.json
"""
import json
import sys
import warnings

import torch

warnings.filterwarnings("ignore")  # step(0) inside SequentialLR warns about the epoch argument
torch.set_num_threads(1)

S = torch.optim.lr_scheduler


def make(opt, c, units):
    t = c["type"]
    auto = lambda v: units if v is None else v
    if t == "StepLR":
        return S.StepLR(opt, step_size=c["step_size"], gamma=c["gamma"])
    if t == "MultiStepLR":
        return S.MultiStepLR(opt, milestones=c["milestones"], gamma=c["gamma"])
    if t == "ExponentialLR":
        return S.ExponentialLR(opt, gamma=c["gamma"])
    if t == "CosineAnnealingLR":
        return S.CosineAnnealingLR(opt, T_max=auto(c["T_max"]), eta_min=c["eta_min"])
    if t == "LinearLR":
        return S.LinearLR(opt, start_factor=c["start_factor"], end_factor=c["end_factor"], total_iters=c["total_iters"])
    if t == "OneCycleLR":
        return S.OneCycleLR(opt, max_lr=c["max_lr"], total_steps=auto(c["total_steps"]), pct_start=float(c["pct_start"]),
                            anneal_strategy=c["anneal_strategy"], div_factor=c["div_factor"],
                            final_div_factor=c["final_div_factor"], three_phase=c["three_phase"], cycle_momentum=False)
    if t == "SequentialLR":
        inner = [make(opt, s, units) for s in c["schedulers"]]
        return S.SequentialLR(opt, schedulers=inner, milestones=c["milestones"])
    if t == "ReduceLROnPlateau":
        return S.ReduceLROnPlateau(opt, mode=c["mode"], factor=c["factor"], patience=c["patience"], threshold=c["threshold"],
                                   threshold_mode=c["threshold_mode"], cooldown=c["cooldown"], min_lr=c["min_lr"], eps=c["eps"])
    raise ValueError("unknown schedule " + t)


out = {}
for case in json.load(sys.stdin):
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=case["lr"])
    sched = make(opt, case["schedule"], case["units"])
    lrs = []
    for i in range(case["calls"]):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if case["schedule"]["type"] == "ReduceLROnPlateau":
            sched.step(case["metrics"][i])
        else:
            sched.step()
    out[case["name"]] = lrs
json.dump(out, sys.stdout)
