#!/usr/bin/python3
"""Writes engine/core/src/test/resources/torch/schedule_reference.json: what torch's schedulers set
before each optimizer step (the rate, and the momentum or beta1), for lrfinder's TrainingSchedule to
be checked against, and a linear model trained a few steps under OneCycleLR with each torch.optim
optimizer, for TorchReference (and through it both backends) to be checked against.

Schedules: OneCycleLR (defaults and other knobs, three_phase, cycle_momentum off), CosineAnnealingLR
(eta_min 0), and a linear warm-up before a cosine or a constant rate as Hugging Face's
get_cosine_schedule_with_warmup / get_constant_schedule_with_warmup define it (a LambdaLR).

Run from the repository root with Debian's python3-torch (1.13.1):
    /usr/bin/python3 native-scripts/peer/make_schedule_reference.py
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "engine", "core", "src", "test",
                   "resources", "torch", "schedule_reference.json")

ONE_CYCLE_DEFAULTS = dict(pctStart=0.3, divFactor=25.0, finalDivFactor=1e4, threePhase=False, cycleMomentum=True,
                          baseMomentum=0.85, maxMomentum=0.95)


def make_optimizer(spec, params, lr):
    k = spec["kind"]
    if k == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=spec.get("momentum", 0.0), dampening=spec.get("dampening", 0.0),
                               nesterov=spec.get("nesterov", False), weight_decay=spec.get("weightDecay", 0.0))
    if k == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=spec.get("weightDecay", 0.0))
    if k == "adamw":
        return torch.optim.AdamW(params, lr=lr)
    return torch.optim.RMSprop(params, lr=lr, momentum=spec.get("momentum", 0.0), centered=spec.get("centered", False))


def make_scheduler(schedule, knobs, optimizer, lr, steps):
    if schedule == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=lr, total_steps=steps, pct_start=knobs["pctStart"], div_factor=knobs["divFactor"],
            final_div_factor=knobs["finalDivFactor"], three_phase=knobs["threePhase"],
            cycle_momentum=knobs["cycleMomentum"], base_momentum=knobs["baseMomentum"],
            max_momentum=knobs["maxMomentum"], anneal_strategy="cos")
    warmup = knobs.get("warmupSteps", 0)
    if knobs.get("warmupShare", 0) > 0:
        warmup = math.ceil(knobs["warmupShare"] * steps)
    if schedule == "cosine" and warmup == 0:
        return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=steps, eta_min=0)
    if schedule == "cosine":
        def cosine(i):  # transformers.get_cosine_schedule_with_warmup, num_cycles 0.5
            if i < warmup:
                return i / max(1, warmup)
            progress = (i - warmup) / max(1, steps - warmup)
            return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
        return torch.optim.lr_scheduler.LambdaLR(optimizer, cosine)

    def constant(i):  # transformers.get_constant_schedule_with_warmup
        return i / max(1.0, warmup) if i < warmup else 1.0
    return torch.optim.lr_scheduler.LambdaLR(optimizer, constant)


def momentum_of(group):
    return group["betas"][0] if "betas" in group else group["momentum"]


def table(name, schedule, lr, steps, optimizer, knobs):
    p = torch.zeros(2, requires_grad=True)
    opt = make_optimizer(optimizer, [p], lr)
    sched = make_scheduler(schedule, knobs, opt, lr, steps)
    lrs, momenta = [], []
    for i in range(steps):
        g = opt.param_groups[0]
        lrs.append(g["lr"])
        momenta.append(momentum_of(g))
        p.grad = torch.zeros_like(p)
        opt.step()
        if i < steps - 1:  # a scheduler step past the last is not a step anyone trains at
            sched.step()
    return dict(name=name, schedule=schedule, lr=lr, steps=steps, optimizer=optimizer, options=knobs, lrs=lrs,
                momenta=momenta)


def trajectory(name, optimizer, knobs, lr=0.1, steps=8, samples=16, inputs=3):
    """A linear model (W then b, as both backends keep a built-in MLP without hidden layers), MSE, full batch."""
    gen = torch.Generator().manual_seed(20261207)
    x = torch.randn(samples, inputs, generator=gen).float().double()
    t = (x @ torch.tensor([0.5, -1.0, 0.3]) + 0.2 * torch.randn(samples, generator=gen)).float().double()
    start = torch.rand(inputs + 1, generator=gen).float().double() - 0.5
    w = start[:inputs].clone().view(1, inputs).requires_grad_(True)
    b = start[inputs:].clone().requires_grad_(True)
    opt = make_optimizer(optimizer, [w, b], lr)
    sched = make_scheduler("onecycle", knobs, opt, lr, steps)
    losses = []
    for i in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(x @ w.t() + b, t.view(-1, 1))
        loss.backward()
        opt.step()
        if i < steps - 1:
            sched.step()
        losses.append(loss.item())
    params = torch.cat([w.detach().view(-1), b.detach()]).tolist()
    return dict(name=name, optimizer=optimizer, options=knobs, lr=lr, steps=steps, inputs=inputs,
                x=x.view(-1).tolist(), t=t.tolist(), start=start.tolist(), losses=losses, params=params)


def main():
    d = ONE_CYCLE_DEFAULTS
    other = dict(d, pctStart=0.25, divFactor=10.0, finalDivFactor=100.0, baseMomentum=0.8, maxMomentum=0.9)
    sgd = dict(kind="sgd")
    tables = [
        table("onecycle defaults, sgd (momentum turned on)", "onecycle", 0.1, 100, sgd, d),
        table("onecycle defaults, sgd momentum 0.9 nesterov", "onecycle", 0.1, 100,
              dict(kind="sgd", momentum=0.9, nesterov=True), d),
        table("onecycle defaults, adam", "onecycle", 1e-3, 100, dict(kind="adam"), d),
        table("onecycle defaults, adamw", "onecycle", 1e-3, 100, dict(kind="adamw"), d),
        table("onecycle defaults, rmsprop", "onecycle", 1e-2, 100, dict(kind="rmsprop"), d),
        table("onecycle other knobs, sgd", "onecycle", 0.5, 37, sgd, other),
        table("onecycle other knobs, adam", "onecycle", 3e-3, 37, dict(kind="adam"), other),
        table("onecycle three phases", "onecycle", 0.1, 50, sgd, dict(d, threePhase=True)),
        table("onecycle without momentum cycling", "onecycle", 0.1, 20, dict(kind="sgd", momentum=0.9),
              dict(d, cycleMomentum=False)),
        table("onecycle pct_start 0, 10 steps", "onecycle", 0.1, 10, sgd, dict(d, pctStart=0.0)),
        table("onecycle pct_start 1, 10 steps", "onecycle", 0.1, 10, sgd, dict(d, pctStart=1.0)),
    ] + [table("onecycle defaults, %d steps" % n, "onecycle", 1.0, n, sgd, d) for n in (1, 2, 3, 7, 1000)] + [
        table("cosine", "cosine", 0.1, 50, sgd, dict(warmupSteps=0)),
        table("cosine, 1 step", "cosine", 0.1, 1, sgd, dict(warmupSteps=0)),
        table("cosine, 10 warm-up steps", "cosine", 0.1, 50, sgd, dict(warmupSteps=10)),
        table("cosine, warm-up share 0.1", "cosine", 0.1, 37, sgd, dict(warmupShare=0.1)),
        table("constant", "constant", 0.1, 20, sgd, dict(warmupSteps=0)),
        table("constant, 5 warm-up steps", "constant", 0.1, 20, sgd, dict(warmupSteps=5)),
    ]
    trajectories = [
        trajectory("sgd (momentum turned on)", sgd, d),
        trajectory("sgd, nesterov", dict(kind="sgd", momentum=0.9, nesterov=True), d),
        trajectory("sgd, dampening and weight decay", dict(kind="sgd", momentum=0.9, dampening=0.1,
                                                          weightDecay=0.01), other),
        trajectory("adam", dict(kind="adam"), d, lr=0.05),
        trajectory("adamw", dict(kind="adamw"), d, lr=0.05),
        trajectory("rmsprop", dict(kind="rmsprop"), d, lr=0.01),
        trajectory("adam, other knobs, three phases", dict(kind="adam"), dict(other, threePhase=True), lr=0.05),
    ]
    with open(OUT, "w") as f:
        json.dump(dict(torch=torch.__version__, tables=tables, trajectories=trajectories), f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
