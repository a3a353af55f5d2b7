#!/usr/bin/python3
"""Build a PyTorch model equivalent to a Wiregrad project (`*.wiregrad.json`).

Developer cross-check only: the product never needs Python.

The graph must be a chain Input.x -> layer -> ... -> <Loss>.input, with the loss's
`target` fed by Input.y.  Node types and params use PyTorch's names, so each node maps
to the torch.nn module of the same name.  "auto" sizes (Linear.in_features,
Conv2d.in_channels) are resolved by pushing a dummy batch through the layers built so far.

    from models import load_project, build_model
    m = build_model(load_project("mnist-mlp.wiregrad.json"))
    logits = m(x); loss = m.loss_fn(logits, y)
    m.modules_by_id["n3"]          # the nn.Linear drawn as node n3
"""

import json
import math
from collections import OrderedDict

import torch
import torch.nn as nn

LOSS_TYPES = ("CrossEntropyLoss", "MSELoss")


class ProjectError(Exception):
    pass


def load_project(path):
    with open(path, "r", encoding="utf-8") as f:
        doc = json.load(f)
    for key in ("nodes", "edges"):
        if key not in doc:
            raise ProjectError("%s: not a Wiregrad project (missing %r)" % (path, key))
    return doc


def _pair(v, name):
    if isinstance(v, bool):
        raise ProjectError("%s: expected int or [h,w], got %r" % (name, v))
    if isinstance(v, (int, float)):
        return (int(v), int(v))
    if isinstance(v, (list, tuple)) and len(v) == 2:
        return (int(v[0]), int(v[1]))
    if isinstance(v, (list, tuple)) and len(v) == 1:
        return (int(v[0]), int(v[0]))
    if isinstance(v, str):  # e.g. Conv2d padding="same"/"valid", as PyTorch accepts
        return v
    raise ProjectError("%s: expected int or [h,w], got %r" % (name, v))


def _get(params, key, default):
    v = params.get(key, default)
    return default if v is None else v


def resolve_chain(doc):
    """Returns (input_node, [layer nodes in order], loss_node or None)."""
    nodes = {n["id"]: n for n in doc["nodes"]}
    inputs = [n for n in doc["nodes"] if n["type"] == "Input"]
    if len(inputs) != 1:
        raise ProjectError("expected exactly one Input node, found %d" % len(inputs))
    inp = inputs[0]

    out_edges = {}
    for e in doc["edges"]:
        out_edges.setdefault((e["from"]["node"], e["from"]["port"]), []).append(e)
        out_edges.setdefault(e["from"]["node"], []).append(e)

    chain, loss = [], None
    edges = out_edges.get((inp["id"], "x"), [])
    seen = {inp["id"]}
    while True:
        if not edges:
            break
        if len(edges) > 1:
            raise ProjectError("node %s fans out to %d nodes; only chains are supported"
                               % (edges[0]["from"]["node"], len(edges)))
        e = edges[0]
        nid = e["to"]["node"]
        if nid in seen:
            raise ProjectError("cycle at node %s" % nid)
        seen.add(nid)
        node = nodes.get(nid)
        if node is None:
            raise ProjectError("edge %s points at missing node %s" % (e.get("id"), nid))
        if node["type"] in LOSS_TYPES:
            if e["to"]["port"] != "input":
                raise ProjectError("chain reaches %s on port %r, expected 'input'"
                                   % (nid, e["to"]["port"]))
            loss = node
            break
        chain.append(node)
        edges = out_edges.get(nid, [])

    if loss is not None:
        tgt = [e for e in doc["edges"] if e["to"]["node"] == loss["id"] and e["to"]["port"] == "target"]
        if not tgt:
            raise ProjectError("loss %s has no target edge" % loss["id"])
        src = tgt[0]["from"]
        if src["node"] != inp["id"] or src["port"] != "y":
            raise ProjectError("loss %s target comes from %s.%s, expected %s.y"
                               % (loss["id"], src["node"], src["port"], inp["id"]))
    return inp, chain, loss


def make_module(node, in_shape):
    """Builds the nn.Module for one node given the per-sample input shape (no batch dim)."""
    t, p, nid = node["type"], node.get("params") or {}, node["id"]
    if t == "Linear":
        inf = p.get("in_features", "auto")
        if inf in ("auto", None):
            inf = in_shape[-1]
        elif int(inf) != in_shape[-1]:
            raise ProjectError("%s: in_features=%s but input shape is %s" % (nid, inf, in_shape))
        return nn.Linear(int(inf), int(p["out_features"]), bias=bool(_get(p, "bias", True)))
    if t == "Conv2d":
        inc = p.get("in_channels", "auto")
        if inc in ("auto", None):
            inc = in_shape[0]
        elif int(inc) != in_shape[0]:
            raise ProjectError("%s: in_channels=%s but input shape is %s" % (nid, inc, in_shape))
        return nn.Conv2d(int(inc), int(p["out_channels"]),
                         kernel_size=_pair(p["kernel_size"], nid + ".kernel_size"),
                         stride=_pair(_get(p, "stride", 1), nid + ".stride"),
                         padding=_pair(_get(p, "padding", 0), nid + ".padding"),
                         dilation=_pair(_get(p, "dilation", 1), nid + ".dilation"),
                         groups=int(_get(p, "groups", 1)),
                         bias=bool(_get(p, "bias", True)))
    if t in ("MaxPool2d", "AvgPool2d"):
        k = _pair(p["kernel_size"], nid + ".kernel_size")
        s = p.get("stride")
        s = k if s is None else _pair(s, nid + ".stride")
        pad = _pair(_get(p, "padding", 0), nid + ".padding")
        if t == "MaxPool2d":
            return nn.MaxPool2d(k, s, pad, dilation=_pair(_get(p, "dilation", 1), nid + ".dilation"),
                                ceil_mode=bool(_get(p, "ceil_mode", False)))
        return nn.AvgPool2d(k, s, pad, ceil_mode=bool(_get(p, "ceil_mode", False)),
                            count_include_pad=bool(_get(p, "count_include_pad", True)))
    if t == "Flatten":
        return nn.Flatten(int(_get(p, "start_dim", 1)), int(_get(p, "end_dim", -1)))
    if t == "ReLU":
        return nn.ReLU()
    if t == "Sigmoid":
        return nn.Sigmoid()
    if t == "Tanh":
        return nn.Tanh()
    if t == "LeakyReLU":
        return nn.LeakyReLU(float(_get(p, "negative_slope", 0.01)))
    if t == "GELU":
        return nn.GELU()
    if t == "Identity":
        return nn.Identity()
    raise ProjectError("%s: node type %r is not supported by models.py" % (nid, t))


def make_loss(node):
    p = (node.get("params") or {}) if node else {}
    if node is None:
        return None
    if node["type"] == "CrossEntropyLoss":
        return nn.CrossEntropyLoss(reduction=_get(p, "reduction", "mean"),
                                   label_smoothing=float(_get(p, "label_smoothing", 0.0)))
    if node["type"] == "MSELoss":
        return _MSEWithLabels(reduction=_get(p, "reduction", "mean"))
    raise ProjectError("unsupported loss %r" % node["type"])


class _MSEWithLabels(nn.Module):
    """MSELoss; integer class labels are one-hot encoded to the prediction's width."""

    def __init__(self, reduction="mean"):
        super().__init__()
        self.mse = nn.MSELoss(reduction=reduction)

    def forward(self, pred, target):
        if not target.dtype.is_floating_point:
            target = nn.functional.one_hot(target.long(), pred.shape[-1]).to(pred.dtype)
        return self.mse(pred, target)


class WiregradModel(nn.Module):
    """nn.Sequential of the chain plus the loss; modules_by_id maps node id -> module."""

    def __init__(self, doc):
        super().__init__()
        inp, chain, loss = resolve_chain(doc)
        self.input_node = inp
        self.loss_node = loss
        self.input_shape = [int(d) for d in (inp.get("params") or {}).get("shape", [1, 28, 28])]
        self.shapes = OrderedDict()  # node id -> per-sample output shape
        mods = OrderedDict()
        shape = list(self.input_shape)
        with torch.no_grad():
            for node in chain:
                m = make_module(node, shape)
                y = m(torch.zeros([1] + shape))
                shape = list(y.shape[1:])
                mods[node["id"]] = m
                self.shapes[node["id"]] = shape
        self.body = nn.Sequential(mods)
        self.modules_by_id = dict(mods)
        self.output_shape = shape
        self.loss_fn = make_loss(loss)

    def forward(self, x):
        return self.body(x)

    def parameter_tensors(self):
        """{"<nodeId>.weight": Parameter, "<nodeId>.bias": Parameter, ...}"""
        out = OrderedDict()
        for nid, m in self.modules_by_id.items():
            for role, prm in m.named_parameters(recurse=False):
                out["%s.%s" % (nid, role)] = prm
        return out

    def load_named_weights(self, arrays, strict=True):
        """Copies numpy arrays keyed `<nodeId>.<role>` into the parameters.

        Returns the list of names that were loaded.  With strict, every parameter must be
        present.  Shapes must always match exactly (PyTorch layout: Linear weight is
        [out, in], Conv2d weight [out, in/groups, kh, kw])."""
        loaded = []
        for name, prm in self.parameter_tensors().items():
            if name not in arrays:
                if strict:
                    raise ProjectError("initial weights lack %s" % name)
                continue
            a = torch.from_numpy(arrays[name].copy()).to(prm.dtype)
            if tuple(a.shape) != tuple(prm.shape):
                raise ProjectError("%s: shape %s in file, model expects %s"
                                   % (name, tuple(a.shape), tuple(prm.shape)))
            with torch.no_grad():
                prm.copy_(a)
            loaded.append(name)
        return loaded


def build_model(doc):
    return WiregradModel(doc)


def make_optimizer(params, cfg):
    """torch.optim optimizer from a Wiregrad optimizer config dict."""
    t = cfg.get("type", "sgd").lower()
    lr = float(cfg["lr"])
    wd = float(_get(cfg, "weight_decay", 0.0 if t != "adamw" else 0.01))
    if t == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=float(_get(cfg, "momentum", 0.0)),
                               dampening=float(_get(cfg, "dampening", 0.0)),
                               nesterov=bool(_get(cfg, "nesterov", False)), weight_decay=wd)
    betas = tuple(float(b) for b in _get(cfg, "betas", [0.9, 0.999]))
    eps = float(_get(cfg, "eps", 1e-8))
    if t == "adam":
        return torch.optim.Adam(params, lr=lr, betas=betas, eps=eps, weight_decay=wd)
    if t == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=betas, eps=eps, weight_decay=wd)
    raise ProjectError("unknown optimizer %r" % t)


def default_optimizer(t):
    """Mirrors Wiregrad's defaultOptimizer() in core/graph/document.ts."""
    if t == "sgd":
        return {"type": "sgd", "lr": 0.01, "momentum": 0, "dampening": 0, "nesterov": False,
                "weight_decay": 0}
    return {"type": t, "lr": 0.001, "betas": [0.9, 0.999], "eps": 1e-8,
            "weight_decay": 0.01 if t == "adamw" else 0}


def describe(model):
    lines = ["input %s" % (model.input_shape,)]
    for nid, m in model.modules_by_id.items():
        lines.append("%-10s %-60s -> %s" % (nid, m, model.shapes[nid]))
    if model.loss_node:
        lines.append("%-10s %s" % (model.loss_node["id"], model.loss_fn))
    n = sum(p.numel() for p in model.parameters())
    lines.append("parameters: %d" % n)
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    torch.set_num_threads(2)
    for path in sys.argv[1:]:
        print("== %s" % path)
        print(describe(build_model(load_project(path))))
