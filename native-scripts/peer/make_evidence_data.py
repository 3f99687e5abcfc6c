"""Splits the raw mlbench exports into seeded, stratified 80/20 train/val CSVs (features z-scored with
the training split's statistics, as a user prepares them) and saves each task's TorchScript model.

  python3 make_evidence_data.py RAW_DIR      (RAW_DIR/<Source>.csv from evidence-data's Rscript)
"""
import csv
import json
import os
import sys

import numpy as np
import torch

from evidence_tasks import SEED, TASKS, task_dir


def stratified_split(y, rng, frac=0.2):
    val = []
    for c in sorted(set(y)):
        idx = [i for i, v in enumerate(y) if v == c]
        rng.shuffle(idx)
        n = int(round(len(idx) * frac))
        if len(idx) >= 2:
            n = min(max(n, 1), len(idx) - 1)
        val += idx[:n]
    val = set(val)
    return [i for i in range(len(y)) if i not in val], sorted(val)


class Cnn3x3(torch.nn.Module):
    """Landsat patches: 36 inputs = 3x3 pixels x 4 bands, pixel-major (mlbench's x.1..x.36)."""

    def __init__(self, classes: int):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(4, 16, 3, padding=1)
        self.conv2 = torch.nn.Conv2d(16, 32, 3, padding=1)
        self.fc = torch.nn.Linear(32 * 9, classes)

    def forward(self, x):
        x = x.reshape(-1, 3, 3, 4).permute(0, 3, 1, 2)
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.conv2(x))
        return self.fc(x.flatten(1))


def mlp(features, widths, outputs):
    layers, prev = [], features
    for w in widths:
        layers += [torch.nn.Linear(prev, w), torch.nn.ReLU()]
        prev = w
    layers.append(torch.nn.Linear(prev, outputs))
    return torch.nn.Sequential(*layers)


def main(raw):
    summary = []
    for i, t in enumerate(TASKS):
        with open(os.path.join(raw, t["source"] + ".csv"), newline="") as f:
            rows = list(csv.reader(f))
        header, rows = rows[0], rows[1:]
        li = header.index(t["label"])
        rng = np.random.RandomState(SEED + i)
        y = [r[li] for r in rows]
        if t.get("max_rows") and len(rows) > t["max_rows"]:
            # a stratified subsample keeps the grid's compute modest on 2 shared cores
            keep, _ = stratified_split(y, rng, frac=1 - t["max_rows"] / len(rows))
            rows = [rows[k] for k in keep]
            y = [y[k] for k in keep]
        fi = [j for j in range(len(header)) if j != li]
        x = np.array([[float(r[j]) for j in fi] for r in rows], dtype=np.float64)
        if t["kind"] == "classification":
            tr, va = stratified_split(y, rng)
        else:
            perm = rng.permutation(len(rows)).tolist()
            va, tr = sorted(perm[:len(rows) // 5]), sorted(perm[len(rows) // 5:])
        mean, sd = x[tr].mean(0), x[tr].std(0)
        sd[sd == 0] = 1  # a constant column (Ionosphere's V2) stays 0
        x = (x - mean) / sd
        d = task_dir(t)
        os.makedirs(d, exist_ok=True)
        names = [header[j] for j in fi]
        for split, idx in (("train", tr), ("val", va)):
            with open(os.path.join(d, split + ".csv"), "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(names + [t["label"]])
                for k in idx:
                    w.writerow(["%.6g" % v for v in x[k]] + [y[k]])
        classes = sorted(set(y)) if t["kind"] == "classification" else None
        outputs = len(classes) if classes else 1
        torch.manual_seed(SEED + i)
        if t["model"] == "cnn-3x3x4":
            model = torch.jit.script(Cnn3x3(outputs))
        else:
            model = torch.jit.script(mlp(len(fi), t["widths"], outputs))
        model.save(os.path.join(d, "model.pt"))
        info = dict(name=t["name"], source="mlbench " + t["source"], rows=len(rows), train=len(tr),
                    val=len(va), features=len(fi), classes=outputs if classes else 0,
                    kind=t["kind"], model=t["model"], widths=t.get("widths"),
                    params=sum(p.numel() for p in model.parameters()), optimizer=t["optimizer"],
                    momentum=t.get("momentum", 0), batch=t["batch"], budget=t["budget"])
        with open(os.path.join(d, "task.json"), "w") as f:
            json.dump(info, f, indent=1)
        summary.append(info)
        print("%-14s %5d rows (%d/%d) %3d features %2s classes %-6s batch %3d budget %4d" % (
            t["name"], len(rows), len(tr), len(va), len(fi), outputs if classes else "-",
            t["optimizer"] + (" m0.9" if t.get("momentum") else ""), t["batch"], t["budget"]))


if __name__ == "__main__":
    main(sys.argv[1])
