"""Ground truth for the real-data evidence, independent of lrfinder: each task's TorchScript model
trained for its whole budget at every rate of a grid, under each schedule, scored by the validation
loss after the last step.

  python3 evidence_truth.py [--tasks a,b] [--schedules constant,onecycle,cosine] [--check]

For one task and schedule, every (rate, seed) pair is one model: 29 rates (1e-6 to 10, quarter
decades) x 3 seeds = 87 models trained side by side as one batched network (stacked weights, bmm
and grouped convolutions), so a step costs one Python step, not 87. The seeds differ by batch
order (shuffled epochs, last short batch dropped), all start from the file's weights, as lrfinder's
runs do. The optimizers are torch.optim's update rules written out per model (SGD with momentum and
dampening 0, Adam, AdamW with weight decay 0.01, torch's defaults otherwise); the schedules' rates
and momenta are read off torch's own schedulers (OneCycleLR with its defaults, which cycle momentum
or Adam's beta1 0.95 -> 0.85 -> 0.95 and so give plain SGD momentum; CosineAnnealingLR to 0), whose
values scale with the peak rate. --check runs a few models through torch.jit.load + torch.optim +
the scheduler itself and compares the weights with the batched ones.

A rate whose validation loss is not finite in any seed is diverged. Results are cached, one JSON per
task and schedule, in bench/target/evidence-truth (EVIDENCE_TRUTH overrides): a second run skips
what is done.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evidence_tasks import TASKS, load, task_dir  # noqa: E402

RATES = [10 ** (e / 4) for e in range(-24, 5)]  # 1e-6 .. 10, quarter decades: 29 rates
SEEDS = [0, 1, 2]


def truth_dir():
    return os.environ.get("EVIDENCE_TRUTH") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "target", "evidence-truth")


def schedule_values(schedule, steps):
    """(lr factor, momentum or beta1 or None) for each step, read off torch's scheduler at max_lr 1."""
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=1.0, momentum=0.9)
    if schedule == "onecycle":
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=steps)
    elif schedule == "cosine":
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps, eta_min=0)
    else:
        sched = None
    lrs, moms = [], []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        moms.append(opt.param_groups[0]["momentum"])
        opt.step()
        if sched:
            sched.step()
    return lrs, (moms if schedule == "onecycle" else None)


class Batched:
    """K copies of one task's model as stacked tensors; forward gives [K, B, outputs]."""

    def __init__(self, task, state, k):
        self.task, self.k = task, k
        self.names = list(state.keys())
        self.params = [state[n].detach().float().unsqueeze(0).repeat(k, *[1] * state[n].dim())
                       .contiguous().requires_grad_() for n in self.names]

    def forward(self, x):
        k = self.k
        p = dict(zip(self.names, self.params))
        if self.task["model"] == "cnn-3x3x4":
            b = x.shape[1]
            h = x.reshape(k, b, 3, 3, 4).permute(1, 0, 4, 2, 3).reshape(b, k * 4, 3, 3)
            h = torch.relu(F.conv2d(h, p["conv1.weight"].reshape(-1, 4, 3, 3), p["conv1.bias"].reshape(-1),
                                    padding=1, groups=k))
            h = torch.relu(F.conv2d(h, p["conv2.weight"].reshape(-1, 16, 3, 3), p["conv2.bias"].reshape(-1),
                                    padding=1, groups=k))
            h = h.reshape(b, k, 32 * 9).transpose(0, 1)
            return torch.baddbmm(p["fc.bias"].unsqueeze(1), h, p["fc.weight"].transpose(1, 2))
        h = x
        layers = len(self.task["widths"]) + 1
        for i in range(layers):
            w, bias = p["%d.weight" % (2 * i)], p["%d.bias" % (2 * i)]
            h = torch.baddbmm(bias.unsqueeze(1), h, w.transpose(1, 2))
            if i < layers - 1:
                h = torch.relu(h)
        return h


def losses(task, out, y):
    """Mean loss of each model's batch: [K]."""
    k, b = out.shape[0], out.shape[1]
    if task["kind"] == "regression":
        return ((out.reshape(k, b) - y) ** 2).mean(1)
    return F.cross_entropy(out.reshape(k * b, -1), y.reshape(-1), reduction="none").reshape(k, b).mean(1)


class Optim:
    """torch.optim's update rules, one learning rate (and momentum/beta1) per model."""

    def __init__(self, task, params):
        self.task, self.params, self.t = task, params, 0
        self.state = [dict() for _ in params]

    def step(self, lr, mom):
        # lr: [K] tensor; mom: None (the optimizer's own) or a float (OneCycleLR's momentum/beta1)
        self.t += 1
        opt = self.task["optimizer"]
        with torch.no_grad():
            for p, st in zip(self.params, self.state):
                g = p.grad
                lrk = lr.reshape(-1, *[1] * (p.dim() - 1))
                if opt == "sgd":
                    m = self.task.get("momentum", 0.0) if mom is None else mom
                    if m != 0:
                        if "buf" not in st:
                            st["buf"] = g.clone()
                        else:
                            st["buf"].mul_(m).add_(g)
                        g = st["buf"]
                    p.sub_(lrk * g)
                else:
                    b1 = 0.9 if mom is None else mom
                    b2, eps = 0.999, 1e-8
                    if opt == "adamw":
                        p.mul_(1 - lrk * 0.01)
                    if "m" not in st:
                        st["m"], st["v"] = torch.zeros_like(p), torch.zeros_like(p)
                    st["m"].mul_(b1).add_(g, alpha=1 - b1)
                    st["v"].mul_(b2).addcmul_(g, g, value=1 - b2)
                    bc1, bc2 = 1 - b1 ** self.t, 1 - b2 ** self.t
                    denom = (st["v"].sqrt() / math.sqrt(bc2)).add_(eps)
                    p.sub_((lrk / bc1) * st["m"] / denom)
                p.grad = None


def batch_orders(n, batch, steps, seed):
    """Shuffled epochs, the last short batch dropped, as DataLoader(shuffle=True, drop_last=True)."""
    g = torch.Generator().manual_seed(seed)
    out, per = [], n // batch
    while len(out) < steps:
        perm = torch.randperm(n, generator=g)
        out += [perm[i * batch:(i + 1) * batch] for i in range(per)]
    return torch.stack(out[:steps])  # [steps, batch]


def fit(task, schedule, rates, seeds, data, steps=None, record=False):
    xt, yt, xv, yv = data
    steps = steps or task["budget"]
    state = torch.jit.load(os.path.join(task_dir(task), "model.pt")).state_dict()
    pairs = [(r, s) for r in rates for s in seeds]
    k = len(pairs)
    model = Batched(task, state, k)
    opt = Optim(task, model.params)
    lr_factor, moms = schedule_values(schedule, steps)
    peak = torch.tensor([r for r, _ in pairs], dtype=torch.float32)
    orders = {s: batch_orders(len(xt), task["batch"], steps, s) for s in seeds}
    seed_of = [seeds.index(s) for _, s in pairs]
    order = torch.stack([orders[s] for s in seeds])[seed_of]  # [K, steps, batch]
    for i in range(steps):
        idx = order[:, i, :]
        out = model.forward(xt[idx])
        losses(task, out, yt[idx]).sum().backward()
        opt.step(peak * lr_factor[i], None if moms is None else moms[i])
    with torch.no_grad():
        out = model.forward(xv.unsqueeze(0).expand(k, *xv.shape))
        val = losses(task, out, yv.unsqueeze(0).expand(k, *yv.shape))
    if record:
        return model, pairs
    return [(r, s, float(v)) for (r, s), v in zip(pairs, val)]


def check(task, schedule, data):
    """A few models through torch.jit.load + torch.optim + torch's scheduler, against the batched fit."""
    xt, yt, xv, yv = data
    steps, rates, seeds = 40, [1e-3, 3.16e-2], [0, 1]
    model, pairs = fit(task, schedule, rates, seeds, data, steps=steps, record=True)
    worst = 0.0
    for j, (r, s) in enumerate(pairs):
        m = torch.jit.load(os.path.join(task_dir(task), "model.pt"))
        kw = dict(lr=r)
        if task["optimizer"] == "sgd":
            opt = torch.optim.SGD(m.parameters(), momentum=task.get("momentum", 0.0), **kw)
        elif task["optimizer"] == "adam":
            opt = torch.optim.Adam(m.parameters(), **kw)
        else:
            opt = torch.optim.AdamW(m.parameters(), **kw)
        sched = (torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=r, total_steps=steps) if schedule == "onecycle"
                 else torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps) if schedule == "cosine" else None)
        order = batch_orders(len(xt), task["batch"], steps, s)
        for i in range(steps):
            out = m(xt[order[i]])
            if task["kind"] == "regression":
                loss = F.mse_loss(out.reshape(-1), yt[order[i]])
            else:
                loss = F.cross_entropy(out, yt[order[i]])
            opt.zero_grad()
            loss.backward()
            opt.step()
            if sched:
                sched.step()
        sd = m.state_dict()
        for n, p in zip(model.names, model.params):
            ref = sd[n]
            worst = max(worst, float((p[j] - ref).abs().max() / (ref.abs().max() + 1e-12)))
    print("check %s %s: largest relative weight difference batched vs torch.optim %.2e" % (
        task["name"], schedule, worst), flush=True)
    return worst


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tasks", default=",".join(t["name"] for t in TASKS))
    ap.add_argument("--schedules", default="constant,onecycle")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)
    out_dir = truth_dir()
    os.makedirs(out_dir, exist_ok=True)
    wanted = a.tasks.split(",")
    for schedule in a.schedules.split(","):
        for task in [t for t in TASKS if t["name"] in wanted]:
            xt, yt, xv, yv, classes = load(task)
            data = (torch.from_numpy(xt), torch.from_numpy(yt), torch.from_numpy(xv), torch.from_numpy(yv))
            if a.check:
                check(task, schedule, data)
                continue
            path = os.path.join(out_dir, "%s-%s.json" % (task["name"], schedule))
            if os.path.exists(path):
                continue
            t0 = time.time()
            rows = fit(task, schedule, RATES, SEEDS, data)
            wall = time.time() - t0
            per_rate = []
            for r in RATES:
                vs = [v for rr, _, v in rows if rr == r]
                ok = all(math.isfinite(v) for v in vs)
                per_rate.append(dict(lr=r, val_losses=vs, mean=(sum(vs) / len(vs)) if ok else None,
                                     diverged=not ok))
            best = min((p for p in per_rate if not p["diverged"]), key=lambda p: p["mean"])
            res = dict(task=task["name"], schedule=schedule, budget=task["budget"], batch=task["batch"],
                       optimizer=task["optimizer"], momentum=task.get("momentum", 0), seeds=SEEDS,
                       fits=len(rows), steps=len(rows) * task["budget"], wall_s=round(wall, 1),
                       best_lr=best["lr"], best_loss=best["mean"], grid=per_rate)
            with open(path + ".tmp", "w") as f:
                json.dump(res, f, indent=1)
            os.replace(path + ".tmp", path)
            print("%-14s %-9s best lr %.3g loss %.4g (%d fits, %.0f s)" % (
                task["name"], schedule, best["lr"], best["mean"], len(rows), wall), flush=True)


if __name__ == "__main__":
    main()
