#!/usr/bin/python3
"""The TorchScript models of the benchmarks, for the default task's 1x28x28 samples and 10 classes:

    /usr/bin/python3 native-scripts/peer/make_bench_models.py OUT_DIR

writes OUT_DIR/mlp.pt (scripted: flatten, 784-256-256-10 with ReLU, the built-in default MLP) and
OUT_DIR/cnn.pt (traced: conv 3x3 16 + ReLU + max-pool 2, the same with 32, linear to 10: the
built-in CNN). Weights as lrfinder initialises its own: uniform in +-1/sqrt(fan_in), biases zero.
lrfinder and the Python peer then sweep the same file.
"""
import os
import sys

import torch
from torch import nn


def init(model):
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            fan_in = module.weight[0].numel()
            nn.init.uniform_(module.weight, -fan_in ** -0.5, fan_in ** -0.5)
            nn.init.zeros_(module.bias)
    return model


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(7)
    mlp = init(nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                             nn.Linear(256, 10)))
    torch.jit.script(mlp).save(os.path.join(out, "mlp.pt"))
    cnn = init(nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(32 * 7 * 7, 10)))
    torch.jit.trace(cnn, torch.zeros(2, 1, 28, 28)).save(os.path.join(out, "cnn.pt"))


if __name__ == "__main__":
    main()
