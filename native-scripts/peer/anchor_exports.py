#!/usr/bin/python3
"""The files the anchors write, from one real range test, and each anchor's own answer on them.

    anchor_exports.py OUTDIR     (the tests' copy: engine/core/src/test/resources/anchors; run with
                                  /usr/bin/python3, Debian's python3-torch 1.13.1, which calls
                                  itself 1.13.0a0)

One 100-step range test of a small MLP on overlapping clusters (SGD with momentum 0.9, the rate rising exponentially from 1e-4 to 10) runs
with Debian's python3-torch; its raw per-step losses go to raw.csv. The same stream of losses is
then recorded the way each anchor records it, statement for statement from its source (the
libraries themselves are not installable here), and written as a user exports it:

  torch-lr-finder-history.json  json.dump(lr_finder.history) after LRFinder.range_test (smooth_f
                                0.05, diverge_th 5): {"lr": [...], "loss": [...]}, the loss smoothed
  lightning-results.json        json.dump(lr_finder.results) after Tuner.lr_find (_LRCallback: beta
                                0.98, debiased with global_step + 1, early_stop_threshold 4)
  fastai-recorder.csv           lr,loss from learn.recorder.lrs and learn.recorder.losses after
                                Learner.lr_find (AvgSmoothLoss: torch.lerp in float32, beta 0.98;
                                LRFinder stops at 4 x best)

and answers.json holds each anchor's own answer on its own file (torch-lr-finder's plot(suggest_lr)
steepest, Lightning's suggestion(), fastai's valley, steep, minimum and slide), which
`lrfinder analyze --compat TOOL FILE` must reproduce. The three tools run the same model from the
same seed over the same rates, so until a tool stops, the raw losses it saw are these.
"""
import csv
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

STEPS = 100
LR_MIN, LR_MAX = 1e-4, 10.0
SEED = 7


def raw_range_test():
    """(lrs, raw losses): one range test, every step run, the loss of each step's batch."""
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    centres = torch.randn(4, 16) * 0.5
    labels = torch.arange(1024) % 4
    data = centres[labels] + torch.randn(1024, 16)
    model = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4))
    optimizer = torch.optim.SGD(model.parameters(), lr=LR_MIN, momentum=0.9)
    lrs, losses = [], []
    for i in range(STEPS):
        lr = LR_MIN * (LR_MAX / LR_MIN) ** (i / (STEPS - 1))
        for group in optimizer.param_groups:
            group["lr"] = lr
        index = torch.randint(0, len(data), (32,))
        optimizer.zero_grad()
        loss = F.cross_entropy(model(data[index]), labels[index])
        loss.backward()
        optimizer.step()
        lrs.append(lr)
        losses.append(loss.item())
    return lrs, losses


def torch_lr_finder(lrs, raw, num_iter=STEPS, smooth_f=0.05, diverge_th=5):
    """LRFinder.range_test's recording, then plot(suggest_lr=True)'s answer (skip_start 10, skip_end 5)."""
    history = {"lr": [], "loss": []}
    best_loss = None
    for iteration in range(num_iter):
        loss = raw[iteration]
        history["lr"].append(lrs[iteration])
        if iteration == 0:
            best_loss = loss
        else:
            if smooth_f > 0:
                loss = smooth_f * loss + (1 - smooth_f) * history["loss"][-1]
            if loss < best_loss:
                best_loss = loss
        history["loss"].append(loss)
        if loss > diverge_th * best_loss:
            break
    kept_lrs = history["lr"][10:-5]
    kept = history["loss"][10:-5]
    min_grad_idx = (np.gradient(np.array(kept))).argmin()
    return history, {"steepest": kept_lrs[min_grad_idx]}


def lightning(lrs, raw, num_training=STEPS, beta=0.98, early_stop_threshold=4.0):
    """_LRCallback.on_train_batch_start/end's recording, then _LRFinder.suggestion(skip_begin=10, skip_end=1)."""
    results_lr, results_loss = [], []
    avg_loss, best_loss = 0.0, 0.0
    for i in range(num_training):
        results_lr.append(lrs[i])
        current_loss = raw[i]
        current_step = i + 1  # trainer.global_step: the optimizer has stepped once more by batch end
        avg_loss = beta * avg_loss + (1 - beta) * current_loss
        smoothed_loss = avg_loss / (1 - beta ** (current_step + 1))
        should_stop = current_step > 1 and smoothed_loss > early_stop_threshold * best_loss
        if smoothed_loss < best_loss or current_step == 1:
            best_loss = smoothed_loss
        results_loss.append(smoothed_loss)
        if should_stop:
            break
    results = {"lr": results_lr, "loss": results_loss}
    skip_begin, skip_end = 10, 1
    losses = torch.tensor(results["loss"][skip_begin:-skip_end])
    lrs_t = torch.tensor(results["lr"][skip_begin:-skip_end])
    is_finite = torch.isfinite(losses)
    losses = losses[is_finite]
    lrs_t = lrs_t[is_finite]
    gradients = torch.gradient(losses, spacing=[lrs_t])[0]
    min_grad = torch.argmin(gradients).item()
    all_losses_idx = torch.arange(len(results["loss"]))
    idx_finite = all_losses_idx[skip_begin:-skip_end][is_finite]
    optimal_idx = idx_finite[min_grad].item()
    return results, {"steepest": results["lr"][optimal_idx]}


def fastai(lrs, raw, num_it=STEPS, beta=0.98):
    """Recorder + AvgSmoothLoss + LRFinder's recording, then lr_find's trimming and suggestion functions."""
    rec_lrs, rec_losses = [], []
    count, val = 0, torch.tensor(0.)
    best_loss = float("inf")
    for i in range(num_it):
        loss = torch.tensor(raw[i], dtype=torch.float32)  # learn.loss, a float32 tensor
        count += 1
        val = torch.lerp(loss, val, beta)
        smooth = val / (1 - beta ** count)
        rec_lrs.append(lrs[i])
        rec_losses.append(smooth)
        if smooth < best_loss:
            best_loss = smooth
        if smooth > 4 * best_loss:
            break
    t_lrs = torch.tensor(rec_lrs[num_it // 10:-5])
    t_losses = torch.tensor(rec_losses[num_it // 10:-5])
    nan_idxs = torch.nonzero(torch.isnan(t_losses.view(-1)))
    if len(nan_idxs) > 0:
        drop_idx = min(nan_idxs)
        t_lrs, t_losses = t_lrs[:drop_idx], t_losses[:drop_idx]
    return rec_lrs, [float(l) for l in rec_losses], {
        "valley": fastai_valley(t_lrs, t_losses),
        "steep": fastai_steep(t_lrs, t_losses),
        "minimum": t_lrs[t_losses.argmin()].item() / 10,
        "slide": fastai_slide(t_lrs, t_losses),
    }


def fastai_valley(lrs, losses):
    n = len(losses)
    max_start, max_end = 0, 0
    lds = [1] * n
    for i in range(1, n):
        for j in range(0, i):
            if (losses[i] < losses[j]) and (lds[i] < lds[j] + 1):
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end = i
                max_start = max_end - lds[max_end]
    sections = (max_end - max_start) / 3
    idx = max_start + int(sections) + int(sections / 2)
    return float(lrs[idx])


def fastai_steep(lrs, losses):
    grads = (losses[1:] - losses[:-1]) / (lrs[1:].log() - lrs[:-1].log())
    return lrs[grads.argmin()].item()


def fastai_slide(lrs, losses, lr_diff=15, thresh=.005, adjust_value=1.):
    losses = losses.numpy()
    loss_grad = np.gradient(losses)
    r_idx = -1
    l_idx = r_idx - lr_diff
    local_min_lr = lrs[l_idx]
    while (l_idx >= -len(losses)) and (abs(loss_grad[r_idx] - loss_grad[l_idx]) > thresh):
        local_min_lr = lrs[l_idx]
        r_idx -= 1
        l_idx -= 1
    return float(local_min_lr) * adjust_value


def write_csv(path, lrs, losses):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["lr", "loss"])
        for lr, loss in zip(lrs, losses):
            writer.writerow([repr(lr), repr(loss)])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    lrs, raw = raw_range_test()
    assert all(math.isfinite(x) for x in raw)
    write_csv(os.path.join(out, "raw.csv"), lrs, raw)
    history, tlf = torch_lr_finder(lrs, raw)
    with open(os.path.join(out, "torch-lr-finder-history.json"), "w") as f:
        json.dump(history, f)
    results, light = lightning(lrs, raw)
    with open(os.path.join(out, "lightning-results.json"), "w") as f:
        json.dump(results, f)
    rec_lrs, rec_losses, fast = fastai(lrs, raw)
    write_csv(os.path.join(out, "fastai-recorder.csv"), rec_lrs, rec_losses)
    answers = {
        "torch": torch.__version__,
        "steps": STEPS,
        "torch-lr-finder": dict(tlf, recorded=len(history["loss"])),
        "lightning": dict(light, recorded=len(results["loss"])),
        "fastai": dict(fast, recorded=len(rec_losses)),
    }
    with open(os.path.join(out, "answers.json"), "w") as f:
        json.dump(answers, f, indent=1)
    print(json.dumps(answers))


if __name__ == "__main__":
    main()
