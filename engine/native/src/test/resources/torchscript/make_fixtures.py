"""Makes the TorchScript fixtures of the native backend's tests. Run with Debian's torch 1.13.1:

    /usr/bin/python3 engine/native/src/test/resources/torchscript/make_fixtures.py

The files are committed; rerun only to change them (the tests pin their parameter counts).
"""
import os
from typing import Dict

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

# No trainable parameter: every one frozen (the CLI refuses it: nothing would move).
frozen = nn.Linear(8, 3)
frozen.requires_grad_(False)
torch.jit.script(frozen).save(os.path.join(here, "frozen.pt"))

# torch.save's archive of a state_dict, the usual mistake for torch.jit.save: refused, saying so.
torch.save(nn.Linear(8, 3).state_dict(), os.path.join(here, "state_dict.pt"))


def claim_cuda(source, target):
    """The regressor as if saved from a GPU: its storages' device in data.pkl says cuda.

    A CPU-only torch cannot save CUDA tensors, so the one place the archive records the device
    (the first storage's persistent id; the others refer back to the same pickled string) is
    rewritten, and the archive is written again entry by entry, uncompressed as torch writes it.
    """
    import zipfile

    with zipfile.ZipFile(source) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    prefix = os.path.splitext(os.path.basename(source))[0]
    renamed = os.path.splitext(os.path.basename(target))[0]
    with zipfile.ZipFile(target, "w") as out:
        for info, data in entries:
            if info.filename.endswith("/data.pkl"):
                cpu = b"X\x03\x00\x00\x00cpu"
                assert data.count(cpu) == 1, "one pickled device string expected"
                data = data.replace(cpu, b"X\x04\x00\x00\x00cuda")
            out.writestr(renamed + info.filename[len(prefix):], data, compress_type=info.compress_type)


claim_cuda(os.path.join(here, "regressor.pt"), os.path.join(here, "cuda.pt"))


class Detached(nn.Module):
    """An inference-style forward: its output is cut from autograd, so nothing could be trained."""

    def __init__(self):
        super().__init__()
        self.out = nn.Linear(8, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(x).detach()


class NoGrad(nn.Module):
    """The same, by running the forward under torch.no_grad()."""

    def __init__(self):
        super().__init__()
        self.out = nn.Linear(8, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return self.out(x)


class ClassIds(nn.Module):
    """Returns class ids (int64), not scores: no loss can be taken of it."""

    def __init__(self):
        super().__init__()
        self.out = nn.Linear(8, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(x).argmax(dim=1, keepdim=True).long()


class OneEntryDict(nn.Module):
    """8 inputs, 3 classes, the scores in a one-entry dict (as some model zoos return them)."""

    def __init__(self):
        super().__init__()
        self.out = nn.Linear(8, 3)

    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        return {"logits": self.out(x)}


class TwoEntryDict(nn.Module):
    """Two tensors in a dict: which one the loss should read is not for the sweep to guess."""

    def __init__(self):
        super().__init__()
        self.out = nn.Linear(8, 3)

    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        y = self.out(x)
        return {"logits": y, "probabilities": torch.softmax(y, dim=1)}


for name, module in [("detached.pt", Detached()), ("no_grad.pt", NoGrad()), ("class_ids.pt", ClassIds()),
                     ("one_entry_dict.pt", OneEntryDict()), ("two_entry_dict.pt", TwoEntryDict())]:
    torch.jit.script(module).save(os.path.join(here, name))
