#!/usr/bin/python3
"""The Python peer of lrfinder's architecture benchmark: torchvision's resnet18 (or resnet50) with
the small-image stem lrfinder uses for inputs up to 64 px swapped in (conv1 a 3x3 stride-1
convolution, no max pool), trained one range-test step at a time as torch-lr-finder runs it: LR set
on every param group, SGD, cross-entropy, loss.item() every step, batch norm in train mode.

Data: 3 x side x side Gaussian images, 10 classes in turn, resident in memory and sampled by a
shuffled permutation (what they depict does not matter for speed). Prints one JSON line: steps,
steps_per_second, median and max ms per step, torch and torchvision versions.
Run it with Debian's /usr/bin/python3 (python3-torch, python3-torchvision) and libopenblas0-pthread.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F
import torchvision


def build(name, classes):
    model = getattr(torchvision.models, name)(num_classes=classes)
    model.conv1 = torch.nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
    model.maxpool = torch.nn.Identity()
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="resnet18", choices=["resnet18", "resnet50"])
    parser.add_argument("--side", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--steps", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    samples = max(4 * args.batch_size, 512)
    data = torch.randn(samples, 3, args.side, args.side)
    labels = torch.arange(samples) % 10
    model = build(args.model, 10)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
    order = torch.randperm(samples)
    at = 0
    millis = []
    for step in range(args.warmup + args.steps):
        if at + args.batch_size > samples:
            order, at = torch.randperm(samples), 0
        index = order[at:at + args.batch_size]
        at += args.batch_size
        start = time.perf_counter()
        for group in optimizer.param_groups:
            group["lr"] = 1e-4
        x, y = data[index], labels[index]
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss.item()
        if step >= args.warmup:
            millis.append((time.perf_counter() - start) * 1000)
    median = statistics.median(millis)
    print(json.dumps({"steps": args.steps, "steps_per_second": 1000 / median, "median_ms": median,
                      "max_ms": max(millis), "torch": torch.__version__, "torchvision": torchvision.__version__}))


if __name__ == "__main__":
    main()
