"""Reference outputs of torchvision's functional transforms for the cases on stdin (JSON).

Each case: {"op": ..., "image": CHW list of uint8, "params": {...}} -> float CHW in [0, 1]
(the image as ToTensor gives it, then the op), so Wiregrad's pipeline can be compared
element by element with the same drawn parameters.
"""
import json
import sys

import torch
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

torch.set_num_threads(2)


def run(case):
    img = torch.tensor(case["image"], dtype=torch.uint8)
    p = case["params"]
    op = case["op"]
    if op == "random_crop":
        pad = p["padding"]
        out = F.crop(F.pad(img, [pad, pad, pad, pad], fill=0), p["top"], p["left"], img.shape[1], img.shape[2])
        return out.float() / 255
    if op == "resized_crop":
        out = F.resized_crop(img, p["i"], p["j"], p["h"], p["w"], [img.shape[1], img.shape[2]], InterpolationMode.BILINEAR)
        return out.float() / 255
    if op == "color_jitter":
        x = img.float() / 255
        for k in p["order"]:
            if k == 0 and p["brightness"] is not None:
                x = F.adjust_brightness(x, p["brightness"])
            if k == 1 and p["contrast"] is not None:
                x = F.adjust_contrast(x, p["contrast"])
            if k == 2 and p["saturation"] is not None:
                x = F.adjust_saturation(x, p["saturation"])
        return x
    if op == "erase":
        x = img.float() / 255
        return F.erase(x, p["i"], p["j"], p["h"], p["w"], torch.tensor(p["value"]))
    raise ValueError(op)


cases = json.load(sys.stdin)
json.dump([run(c).flatten().tolist() for c in cases], sys.stdout)
