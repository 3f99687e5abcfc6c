#!/usr/bin/python3
"""Writes optim_reference.json: torch.optim's optimizers and torch.nn's losses stepping a linear
model in float64, for TorchReferenceTest to check lrfinder's TorchReference (the doubles the
backends are checked against) against torch itself.

Run with Debian's python3-torch (1.13.1): /usr/bin/python3 make_optim_reference.py
"""
import json
import os

import torch

torch.manual_seed(20261201)
torch.set_default_dtype(torch.float64)
LRS = [0.05, 0.1, 0.02, 0.08, 0.03]


def as_float32(t):
    # The Java side holds data as float32: the same numbers, in float64 here.
    return t.float().double()


def data(kind, samples=16, inputs=3):
    x = as_float32(torch.randn(samples, inputs))
    if kind == "classes3":
        return x, torch.randint(0, 3, (samples,)).to(torch.float64), 3
    if kind == "classes2":
        return x, torch.randint(0, 2, (samples,)).to(torch.float64), 1
    t = x @ torch.tensor([0.5, -1.0, 0.3]) + 0.2 * torch.randn(samples)
    return x, as_float32(torch.sigmoid(t) if kind == "unit" else t), 1


def optimizer(spec, params):
    k = spec["kind"]
    if k == "sgd":
        return torch.optim.SGD(params, lr=0.1, momentum=spec["momentum"], dampening=spec["dampening"],
                               nesterov=spec["nesterov"], weight_decay=spec["weightDecay"])
    if k in ("adam", "adamw"):
        cls = torch.optim.Adam if k == "adam" else torch.optim.AdamW
        return cls(params, lr=0.1, betas=(spec["beta1"], spec["beta2"]), eps=spec["eps"],
                   weight_decay=spec["weightDecay"])
    return torch.optim.RMSprop(params, lr=0.1, alpha=spec["alpha"], eps=spec["eps"], weight_decay=spec["weightDecay"],
                               momentum=spec["momentum"], centered=spec["centered"])


def loss_fn(spec):
    k = spec["kind"]
    if k == "cross-entropy":
        ce = torch.nn.CrossEntropyLoss(label_smoothing=spec["labelSmoothing"])
        return lambda out, t: ce(out, t.long())
    fn = {"bce": torch.nn.BCEWithLogitsLoss(), "mse": torch.nn.MSELoss(), "l1": torch.nn.L1Loss(),
          "huber": torch.nn.HuberLoss(delta=spec["huberDelta"])}[k]
    return lambda out, t: fn(out, t.view(-1, 1))


def opt(kind, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0, beta1=0.9, beta2=0.999, eps=1e-8,
        alpha=0.99, centered=False):
    return dict(kind=kind, momentum=momentum, dampening=dampening, nesterov=nesterov, weightDecay=weight_decay,
                beta1=beta1, beta2=beta2, eps=eps, alpha=alpha, centered=centered)


def loss(kind, label_smoothing=0.0, huber_delta=1.0):
    return dict(kind=kind, labelSmoothing=label_smoothing, huberDelta=huber_delta)


CASES = [
    ("sgd, weight decay", opt("sgd", weight_decay=0.01), loss("mse"), "regression"),
    ("sgd, momentum and dampening", opt("sgd", momentum=0.9, dampening=0.1, weight_decay=1e-3), loss("mse"),
     "regression"),
    ("nesterov", opt("sgd", momentum=0.8, nesterov=True), loss("mse"), "regression"),
    ("adam, L2", opt("adam", beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.01), loss("mse"), "regression"),
    ("adamw", opt("adamw", weight_decay=0.01), loss("mse"), "regression"),
    ("rmsprop", opt("rmsprop"), loss("mse"), "regression"),
    ("rmsprop, centered, momentum", opt("rmsprop", alpha=0.9, centered=True, momentum=0.5, weight_decay=1e-3),
     loss("mse"), "regression"),
    ("cross-entropy", opt("sgd"), loss("cross-entropy"), "classes3"),
    ("cross-entropy, label smoothing", opt("sgd"), loss("cross-entropy", label_smoothing=0.2), "classes3"),
    ("bce, two classes", opt("sgd"), loss("bce"), "classes2"),
    ("bce, targets in [0, 1]", opt("sgd"), loss("bce"), "unit"),
    ("l1", opt("sgd"), loss("l1"), "regression"),
    ("huber, delta 0.5", opt("sgd"), loss("huber", huber_delta=0.5), "regression"),
]

cases = []
for name, o, l, kind in CASES:
    x, t, outputs = data(kind)
    w = (0.5 * torch.randn(outputs, x.shape[1])).requires_grad_()
    b = (0.1 * torch.randn(outputs)).requires_grad_()
    start = torch.cat([w.detach().flatten(), b.detach()]).tolist()
    optim = optimizer(o, [w, b])
    fn = loss_fn(l)
    losses = []
    for lr in LRS:
        for group in optim.param_groups:
            group["lr"] = lr
        optim.zero_grad()
        value = fn(x @ w.t() + b, t)
        value.backward()
        optim.step()
        losses.append(value.item())
    cases.append(dict(name=name, optimizer=o, loss=l, inputs=x.shape[1], outputs=outputs, x=x.flatten().tolist(),
                      t=t.tolist(), start=start, losses=losses,
                      params=torch.cat([w.detach().flatten(), b.detach()]).tolist()))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_reference.json")
with open(out, "w") as f:
    json.dump(dict(torch=torch.__version__, lrs=LRS, cases=cases), f, indent=1)
    f.write("\n")
print("wrote", out)
