"""Makes the TorchScript fixtures of the native backend's tests. Run with Debian's torch 1.13.1:

    /usr/bin/python3 engine/native/src/test/resources/torchscript/make_fixtures.py

The files are committed; rerun only to change them (the tests pin their parameter counts).
"""
import os

import torch
from torch import nn

here = os.path.dirname(os.path.abspath(__file__))
torch.manual_seed(20171101)


class Classifier(nn.Module):
    """8 inputs, 3 classes; batch norm (buffers that training changes) and one frozen parameter."""

    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(8, 16)
        self.norm = nn.BatchNorm1d(16)
        self.out = nn.Linear(16, 3)
        self.norm.weight.requires_grad_(False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(torch.relu(self.norm(self.hidden(x))))


torch.jit.script(Classifier()).save(os.path.join(here, "classifier.pt"))

# A traced regressor: 4 inputs, 1 output.
regressor = nn.Sequential(nn.Linear(4, 12), nn.Tanh(), nn.Linear(12, 1))
torch.jit.trace(regressor, torch.zeros(2, 4)).save(os.path.join(here, "regressor.pt"))
