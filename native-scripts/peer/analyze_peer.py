#!/usr/bin/python3
"""The Python peer of `lrfinder analyze`: one recorded curve read, its learning rate suggested and
plotted the way torch-lr-finder's LRFinder.plot(suggest_lr=True) does (skip the first 10 and last 5
points, the steepest gradient of the loss by numpy.gradient, matplotlib on a log axis), and the
plot saved as plot.png (1200 x 720) and plot.svg, with the suggestion in suggestion.json.

    analyze_peer.py CURVE.csv OUTDIR      (CSV with lr and loss columns, as lrfinder reads)

Needs Debian's python3-matplotlib (and python3-numpy). The benchmark times the whole process.
"""
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 (the backend is chosen first)
import numpy as np  # noqa: E402


def main():
    path, out = sys.argv[1], sys.argv[2]
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    lrs = [float(r["lr"]) for r in rows][10:-5]
    losses = [float(r["loss"]) for r in rows][10:-5]
    steepest = int(np.gradient(np.array(losses)).argmin())
    fig, ax = plt.subplots(figsize=(12, 7.2), dpi=100)
    ax.plot(lrs, losses)
    ax.scatter(lrs[steepest], losses[steepest], s=75, marker="o", color="red", zorder=3, label="steepest gradient")
    ax.legend()
    ax.set_xscale("log")
    ax.set_xlabel("Learning rate")
    ax.set_ylabel("Loss")
    os.makedirs(out, exist_ok=True)
    fig.savefig(os.path.join(out, "plot.png"))
    fig.savefig(os.path.join(out, "plot.svg"))
    with open(os.path.join(out, "suggestion.json"), "w") as f:
        json.dump({"steepest": lrs[steepest]}, f)


if __name__ == "__main__":
    main()
