"""The real-data evidence tasks: what each one is, and how its CSV splits and TorchScript model are made.

Used by native-scripts/evidence-data (to write the files), native-scripts/peer/evidence_truth.py (to fit
the grid) and native-scripts/evidence-default (to run lrfinder as a user would). One place, so the three
cannot disagree on a task's optimizer, batch size or budget.
"""
import csv
import json
import os

import numpy as np

# name: mlbench data set, label column, kind, model, optimizer (torch.optim name + kwargs as lrfinder
# options), batch size, budget in optimizer steps. Budgets are a few epochs each, as one would train
# these sets; the mix of optimizers is the issue's: Adam, AdamW, SGD with momentum, plain SGD.
TASKS = [
    dict(name="letter", source="LetterRecognition", label="lettr", kind="classification",
         model="mlp", widths=[64, 64], optimizer="adam", batch=128, budget=600, max_rows=8000),
    dict(name="satellite-cnn", source="Satellite", label="classes", kind="classification",
         model="cnn-3x3x4", optimizer="sgd", momentum=0.9, batch=64, budget=600),
    dict(name="vehicle", source="Vehicle", label="Class", kind="classification",
         model="mlp", widths=[64, 64], optimizer="sgd", momentum=0.9, batch=32, budget=400),
    dict(name="glass", source="Glass", label="Type", kind="classification",
         model="mlp", widths=[64, 64], optimizer="adamw", batch=32, budget=300),
    dict(name="sonar", source="Sonar", label="Class", kind="classification",
         model="mlp", widths=[64], optimizer="sgd", batch=32, budget=300),
    dict(name="ionosphere", source="Ionosphere", label="Class", kind="classification",
         model="mlp", widths=[64, 64], optimizer="adam", batch=32, budget=300),
    dict(name="vowel", source="Vowel", label="Class", kind="classification",
         model="mlp", widths=[128, 128], optimizer="adamw", batch=64, budget=600),
    dict(name="shuttle", source="Shuttle", label="Class", kind="classification",
         model="mlp", widths=[64, 64], optimizer="sgd", batch=256, budget=500, max_rows=10000),
    dict(name="boston", source="BostonHousing", label="medv", kind="regression",
         model="mlp", widths=[64, 64], optimizer="sgd", momentum=0.9, batch=32, budget=500),
]

SEED = 20261207


def data_dir():
    return os.environ.get("EVIDENCE_DATA") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "target", "evidence-data")


def task_dir(task):
    return os.path.join(data_dir(), task["name"])


def lrfinder_optimizer_args(task):
    args = ["--optimizer", task["optimizer"]]
    if task.get("momentum"):
        args += ["--momentum", str(task["momentum"])]
    return args


def read_split(path, task):
    """Features (float32) and targets (int64 class ids in sorted-name order, or float32) of one CSV,
    read as lrfinder reads it: the label column by name, text classes sorted."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    li = header.index(task["label"])
    x = np.array([[float(v) for j, v in enumerate(r) if j != li] for r in rows], dtype=np.float32)
    ys = [r[li] for r in rows]
    if task["kind"] == "regression":
        return x, np.array([float(v) for v in ys], dtype=np.float32), None
    classes = sorted(set(ys))
    return x, np.array([classes.index(v) for v in ys], dtype=np.int64), classes


def load(task):
    d = task_dir(task)
    xt, yt, classes = read_split(os.path.join(d, "train.csv"), task)
    xv, yv, vclasses = read_split(os.path.join(d, "val.csv"), task)
    if classes is not None:
        # lrfinder names the validation classes by the training data's names
        yv = np.array([classes.index(vclasses[i]) for i in yv], dtype=np.int64)
    return xt, yt, xv, yv, classes
