"""Fixture models for the ONNX import tests, written by torch.onnx.export (torch 1.13).

Usage: python3 fixtures.py OUT_DIR
For each model: OUT_DIR/<name>.onnx, and <name>.in / <name>.out: the raw little-endian float32
input batch and PyTorch's output for it (the import test compares the re-export with these).
"""
import sys, os, json
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)
out_dir = sys.argv[1]


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(torch.tanh(self.conv1(x)), 2)
        x = F.max_pool2d(torch.tanh(self.conv2(x)), 2)
        x = x.view(x.size(0), -1)  # the Shape -> Gather -> Unsqueeze -> Concat -> Reshape chain
        return self.fc3(torch.sigmoid(self.fc2(torch.sigmoid(self.fc1(x)))))


class ConvNet(nn.Module):
    """The course's CIFAR-10 ConvNet (assets/templates/cifar-convnet)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.conv3 = nn.Conv2d(64, 128, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(128 * 4 * 4, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = self.pool(F.relu(self.conv3(x)))
        return self.fc(x.reshape(x.shape[0], -1))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (self.short(x) if self.short is not None else x))


class ResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 16, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        self.layer1 = Block(16, 16, 1)
        self.layer2 = Block(16, 32, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.bn(self.stem(x)))
        x = self.layer2(self.layer1(x))
        return self.fc(torch.flatten(self.pool(x), 1))


class Mixed(nn.Module):
    """Concat, LeakyReLU, Dropout, AvgPool2d with padding (a Pad + AveragePool in ONNX), GELU (Div/Erf/Add/Mul/Mul)."""

    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(1, 4, 3, padding=1)
        self.b = nn.Conv2d(1, 4, 5, padding=2)
        self.act = nn.LeakyReLU(0.2)
        self.pool = nn.AvgPool2d(3, stride=2, padding=1)
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(8 * 14 * 14, 10)

    def forward(self, x):
        x = torch.cat([self.a(x), self.b(x)], dim=1)
        x = F.gelu(self.pool(self.act(x)))
        return self.fc(self.drop(torch.flatten(x, 1)))


class Upsample(nn.Module):
    """MobileNet-style (Conv, BatchNorm, ReLU6, depthwise Conv) then ConvTranspose2d upsampling
    (stride 2 with output_padding and groups; a rectangular dilated one without bias), Hardtanh
    and clamp(min=0)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, stride=2, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(8)
        self.dw = nn.Conv2d(8, 8, 3, padding=1, groups=8)
        self.up1 = nn.ConvTranspose2d(8, 6, 3, stride=2, padding=1, output_padding=1, groups=2)
        self.act = nn.Hardtanh(-0.5, 0.75)
        self.up2 = nn.ConvTranspose2d(6, 4, (2, 3), stride=(1, 2), padding=(0, 1), dilation=2, bias=False)
        self.fc = nn.Linear(4 * 18 * 33, 10)

    def forward(self, x):
        x = F.relu6(self.bn(self.conv(x)))
        x = F.relu6(self.dw(x))
        x = self.act(self.up1(x))
        x = torch.clamp(self.up2(x), min=0.0)
        return self.fc(torch.flatten(x, 1))


def randomize_bn(m):
    # Non-trivial running statistics, so keeping or folding BatchNorm matters to the outputs.
    g = torch.Generator().manual_seed(1)
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.copy_(torch.randn(mod.num_features, generator=g) * 0.1)
            mod.running_var.copy_(torch.rand(mod.num_features, generator=g) + 0.5)
            mod.weight.data.copy_(torch.rand(mod.num_features, generator=g) + 0.5)
            mod.bias.data.copy_(torch.randn(mod.num_features, generator=g) * 0.1)


models = {
    'mlp': (MLP, [1, 28, 28], {}),
    'lenet': (LeNet, [1, 28, 28], {}),
    'convnet': (ConvNet, [3, 32, 32], {}),
    # Folded: eval-mode export with constant folding merges each BatchNorm into its Conv.
    'resnet_folded': (ResNet, [3, 32, 32], {'do_constant_folding': True}),
    # Kept: PRESERVE skips the eval-mode Conv+BatchNorm fusion, so BatchNormalization stays
    # (inference form), its running statistics as initializers.
    'resnet_bn': (ResNet, [3, 32, 32], {'training': torch.onnx.TrainingMode.PRESERVE, 'do_constant_folding': False}),
    'mixed': (Mixed, [1, 28, 28], {}),
    # The opset range: 13 (the lowest supported) and 11 (older forms: Unsqueeze axes and Pad
    # pads as attributes; imported as best effort, with a warning).
    'mixed_op13': (Mixed, [1, 28, 28], {'opset_version': 13}),
    'lenet_op11': (LeNet, [1, 28, 28], {'opset_version': 11}),
    'upsample': (Upsample, [3, 16, 16], {}),
}

only = sys.argv[2:]
summary = {}
for name, (cls, shape, kw) in models.items():
    if only and name not in only:
        continue
    torch.manual_seed(0)
    model = cls()
    randomize_bn(model)
    model.eval()
    x = torch.rand(4, *shape)
    with torch.no_grad():
        y = model(x)
    path = os.path.join(out_dir, name + '.onnx')
    kw = {'opset_version': 17, **kw}
    torch.onnx.export(model, x, path, input_names=['input'], output_names=['output'],
                      dynamic_axes={'input': {0: 'N'}, 'output': {0: 'N'}}, **kw)
    x.numpy().astype('<f4').tofile(os.path.join(out_dir, name + '.in'))
    y.numpy().astype('<f4').tofile(os.path.join(out_dir, name + '.out'))
    import onnx
    summary[name] = sorted({n.op_type for n in onnx.load(path).graph.node})
print(json.dumps(summary))
