#!/usr/bin/env python3
"""The PyTorch peer of `bin/miniplaces benchmark model`: the reference SimpleNet on the CPU.

Measures what `dev.miniplaces.zoo.Throughput` measures on the DL4J side, on the same shapes and threads:
random input and labels, 3 warm-up steps, then the median of --repeats timed runs of --iters steps, for
training (forward, cross-entropy, backward, SGD with momentum and weight decay) and for inference
(eval mode, no autograd). Prints one JSON line:
  {"engine": "torch 1.13.1, 2 threads", "train_img_s": ..., "infer_img_s": ...}

Needs PyTorch (Debian: apt-get install python3-torch). Run by hand:
  python3 docs/scripts/pytorch_simplenet.py --batch 32 --size 128 --threads 2 --iters 8 --repeats 3
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn


def simplenet(classes):
    """The reference layer table: 8 convolutions with biases and ReLUs, 3x3/2/1 max pools, global average pool."""
    def conv(cin, cout, kernel, stride=1, padding=0):
        return [nn.Conv2d(cin, cout, kernel, stride, padding), nn.ReLU(inplace=True)]

    def pool():
        return [nn.MaxPool2d(3, 2, 1)]

    layers = (conv(3, 64, 7, 2, 3) + pool()
              + conv(64, 64, 1) + conv(64, 64, 3, 1, 1) + conv(64, 256, 1) + pool()
              + conv(256, 64, 1) + conv(64, 64, 3, 1, 1) + conv(64, 256, 1) + pool()
              + conv(256, 512, 3, 1, 1)
              + [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, classes)])
    return nn.Sequential(*layers)


def images_per_second(step, batch, iters, repeats):
    for _ in range(3):
        step()
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iters):
            step()
        rates.append(batch * iters / (time.perf_counter() - start))
    return statistics.median(rates)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    parser.add_argument("--iters", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--classes", type=int, default=100)
    args = parser.parse_args()
    for name in ("batch", "size", "threads", "iters", "repeats", "classes"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be >= 1, got {getattr(args, name)}")

    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    net = simplenet(args.classes)
    optimiser = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    loss = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, 3, args.size, args.size) - 0.5
    y = torch.arange(args.batch) % args.classes

    def train_step():
        optimiser.zero_grad(set_to_none=True)
        loss(net(x), y).backward()
        optimiser.step()

    net.train()
    train = images_per_second(train_step, args.batch, args.iters, args.repeats)
    net.eval()
    with torch.no_grad():
        infer = images_per_second(lambda: net(x), args.batch, args.iters, args.repeats)
    print(json.dumps({"engine": f"torch {torch.__version__}, {args.threads} threads",
                      "train_img_s": train, "infer_img_s": infer}))


if __name__ == "__main__":
    main()
