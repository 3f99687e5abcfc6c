#!/usr/bin/python3
"""The Python peer of lrfinder's benchmark: the same range-test loop in PyTorch, written the way
torch-lr-finder runs it (LR set on every param group each step, loss.item() every step).

Model, data shape, batch size and schedule match lrfinder's built-in task: an MLP
784-256-256-10 (or 784-1024-1024-10) with ReLU on 1x28x28 inputs, 10 classes, cross-entropy,
SGD, lr from 1e-7 rising exponentially. The data are random class-conditional patterns of the same
shape, resident in memory and sampled by a shuffled permutation, as lrfinder samples its own;
what they depict does not matter for speed. No divergence stop: every step runs.

Prints one JSON line: steps, seconds, steps_per_second, median and p90 ms per step, torch version.
Run it with Debian's /usr/bin/python3 (python3-torch) and libopenblas0-pthread installed.

With --runs N it is instead what `lrfinder find` does, N range tests as torch-lr-finder's
LRFinder.range_test runs them: per run a model initialised from seed + run, its state and the
optimizer's cached (deep copies, torch-lr-finder's in-memory cache) and restored afterwards, the rate
rising exponentially from --lr-min to --lr-max over --steps iterations, the loss smoothed
(smooth_f 0.05) and the test stopped once it exceeds 5x the best smoothed loss (diverge_th 5). It then
prints the steps each run took and the seconds; the benchmark times the whole process from outside.
"""
import copy
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F


def build_mlp(widths, inputs, outputs):
    layers = [torch.nn.Flatten()]
    previous = inputs
    for width in widths:
        layers += [torch.nn.Linear(previous, width), torch.nn.ReLU()]
        previous = width
    layers.append(torch.nn.Linear(previous, outputs))
    model = torch.nn.Sequential(*layers)
    # lrfinder's init: weights uniform in +-1/sqrt(fan_in), biases zero.
    for module in model:
        if isinstance(module, torch.nn.Linear):
            bound = 1.0 / module.in_features ** 0.5
            torch.nn.init.uniform_(module.weight, -bound, bound)
            torch.nn.init.zeros_(module.bias)
    return model


CLASSES = 10


def setup(args):
    """Threads, seed and the data set, resident on the device: (data, labels, device)."""
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    prototypes = torch.randn(CLASSES, 1, 28, 28)
    labels = torch.arange(args.samples) % CLASSES
    data = prototypes[labels] + 0.5 * torch.randn(args.samples, 1, 28, 28)
    device = torch.device(args.device)
    return data.to(device), labels.to(device), device


def shuffled_batches(data, labels, batch_size):
    """Batches of a fresh random permutation, epoch after epoch, as lrfinder samples its own."""
    while True:
        order = torch.randperm(len(data), device=data.device)
        for start in range(0, len(data) - batch_size + 1, batch_size):
            index = order[start:start + batch_size]
            yield data[index], labels[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=200, help="steps run before timing starts")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--samples", type=int, default=4096)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--device", default="cpu", help="cpu or cuda:N (a pip torch with CUDA)")
    parser.add_argument("--torchscript", metavar="FILE",
                        help="sweep this TorchScript model (torch.jit.load) instead of the MLP of --width")
    parser.add_argument("--runs", type=int, default=0,
                        help="N range tests as torch-lr-finder runs them, instead of the timed steps")
    parser.add_argument("--lr-min", type=float, default=1e-7, help="with --runs: the first rate")
    parser.add_argument("--lr-max", type=float, default=10.0, help="with --runs: the last rate")
    parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd",
                        help="torch.optim.SGD or torch.optim.Adam, torch's defaults (find runs adam by default)")
    args = parser.parse_args()
    if args.runs > 0:
        range_tests(args)
        return

    data, labels, device = setup(args)
    classes = CLASSES

    if args.torchscript:
        model = torch.jit.load(args.torchscript, map_location=device)
        model.train()
    else:
        model = build_mlp([args.width, args.width], 784, classes).to(device)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = (torch.optim.Adam if args.optimizer == "adam" else torch.optim.SGD)(trainable, lr=1e-7)
    total = args.warmup + args.steps
    lrs = [1e-7 * (1e-3 / 1e-7) ** (i / (total - 1)) for i in range(total)]  # stays finite

    batches = shuffled_batches(data, labels, args.batch_size)
    losses = []
    step_seconds = []
    start = None
    for i in range(total):
        if i == args.warmup:
            start = time.perf_counter()
        t0 = time.perf_counter()
        x, y = next(batches)
        for group in optimizer.param_groups:
            group["lr"] = lrs[i]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        if i >= args.warmup:
            step_seconds.append(time.perf_counter() - t0)
    seconds = time.perf_counter() - start
    step_ms = sorted(s * 1e3 for s in step_seconds)
    print(json.dumps({
        "peer": "python-torch",
        "torch": torch.__version__,
        "threads": args.threads,
        "width": args.width,
        "model": args.torchscript or "mlp",
        "batch_size": args.batch_size,
        "steps": args.steps,
        "seconds": seconds,
        "steps_per_second": args.steps / seconds,
        "median_ms": statistics.median(step_ms),
        "p90_ms": step_ms[int(0.9 * (len(step_ms) - 1))],
        "last_loss": losses[-1],
    }))


def range_tests(args):
    """torch-lr-finder's range_test loop (exponential schedule, smoothing 0.05, stop at 5x best), N times."""
    data, labels, device = setup(args)
    classes = CLASSES
    start = time.perf_counter()
    steps = []
    for run in range(args.runs):
        torch.manual_seed(args.seed + run)
        model = build_mlp([args.width, args.width], 784, classes).to(device)
        optimizer = (torch.optim.Adam if args.optimizer == "adam" else torch.optim.SGD)(model.parameters(), lr=args.lr_min)
        cache = {"model": copy.deepcopy(model.state_dict()), "optimizer": copy.deepcopy(optimizer.state_dict())}
        batches = shuffled_batches(data, labels, args.batch_size)
        history = []
        best = None
        for iteration in range(args.steps):
            x, y = next(batches)
            for group in optimizer.param_groups:
                group["lr"] = args.lr_min * (args.lr_max / args.lr_min) ** (iteration / (args.steps - 1))
            model.train()
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            value = loss.item()
            if iteration == 0:
                best = value
            else:
                value = 0.05 * value + 0.95 * history[-1]
                best = min(best, value)
            history.append(value)
            if value > 5 * best:
                break
        steps.append(len(history))
        model.load_state_dict(cache["model"])
        optimizer.load_state_dict(cache["optimizer"])
    print(json.dumps({
        "peer": "python-torch-lr-finder-loop",
        "torch": torch.__version__,
        "threads": args.threads,
        "runs": args.runs,
        "steps_per_run": steps,
        "seconds": time.perf_counter() - start,
    }))


if __name__ == "__main__":
    main()
