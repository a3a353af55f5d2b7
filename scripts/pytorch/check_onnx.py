#!/usr/bin/python3
"""Validate an ONNX file with the reference checker (full_check: shape inference too)
and summarise it: opset(s), graph inputs/outputs with shapes, initializers, op counts.

    /usr/bin/python3 scripts/pytorch/check_onnx.py model.onnx [more.onnx ...]

Exit status 1 if any file fails the check.
"""

import sys
from collections import Counter

import onnx


def dims(vi):
    t = vi.type
    if not t.HasField("tensor_type"):
        return "(%s)" % t.WhichOneof("value")
    tt = t.tensor_type
    elem = onnx.TensorProto.DataType.Name(tt.elem_type).lower()
    if not tt.HasField("shape"):
        return "%s[?]" % elem
    ds = []
    for d in tt.shape.dim:
        if d.HasField("dim_value"):
            ds.append(str(d.dim_value))
        elif d.HasField("dim_param"):
            ds.append(d.dim_param)
        else:
            ds.append("?")
    return "%s[%s]" % (elem, ",".join(ds))


def check(path):
    ok = True
    try:
        onnx.checker.check_model(path, full_check=True)
        print("%s: check_model(full_check=True) OK" % path)
    except Exception as e:  # checker raises ValidationError / InferenceError
        ok = False
        print("%s: CHECK FAILED: %s" % (path, str(e).strip()))
    m = onnx.load(path)
    g = m.graph
    print("  ir_version %d, producer %s %s" % (m.ir_version, m.producer_name or "-", m.producer_version or ""))
    print("  opset " + ", ".join("%s:%d" % (o.domain or "ai.onnx", o.version) for o in m.opset_import))
    init_names = {t.name for t in g.initializer}
    print("  inputs:")
    for vi in g.input:
        if vi.name not in init_names:
            print("    %-40s %s" % (vi.name, dims(vi)))
    print("  outputs:")
    for vi in g.output:
        print("    %-40s %s" % (vi.name, dims(vi)))
    n_params = 0
    for t in g.initializer:
        c = 1
        for d in t.dims:
            c *= d
        n_params += c
    print("  initializers: %d tensors, %d elements" % (len(g.initializer), n_params))
    counts = Counter(("%s::%s" % (n.domain, n.op_type)) if n.domain else n.op_type for n in g.node)
    print("  nodes: %d" % len(g.node))
    for op, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print("    %-28s %d" % (op, c))
    if m.functions:
        print("  local functions: %d" % len(m.functions))
    return ok


def main(argv):
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    ok = all([check(p) for p in argv])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
