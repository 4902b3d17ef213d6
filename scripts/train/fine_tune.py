"""Fine-tune a model version on trusted corrections mixed with MNIST; export ONNX, weights and card.

Run by `npm run retrain` (scripts/retrain.ts), which reads the corrections from the database,
prepares them with the server's own preprocessing, and evaluates the result in Node as the
server will run it. Starts from the version's PyTorch weights, or, for a version that has none,
from its ONNX graph (batch norm is folded into the convolutions there; python3-onnx reads it).
A version served as an integer graph (int8.py) gets an integer successor, within the same time.
An ensemble whose not-a-digit output is one member's doubt gets that member's temperature fitted
again on the validation split: the output reads the member's calibrated confidence.

Batch norm keeps its statistics while fine-tuning (its layers stay in eval mode): a few hundred
steps on batches that are part corrections would otherwise shift them away from what MNIST
digits need, and a folded model has no batch statistics to start from.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from int8 import calibration_drawings, is_int8, quantization_card, quantize_and_read
from saved_models import model_from_onnx, model_from_state, with_doubt_source
from train import (MEAN, STD, VALIDATION, accuracy_of, calibrate, calibration_card, evaluate, fit_doubt_from, logits_of, negatives, read_idx,
                   save_model, test_accuracy, test_card, to_tensor, to_unit, with_outlier_loss, write_card)


def nudge(x, gen):
    """Light variation for fine-tuning (small rotation, scale and shift), normalised: the heavy
    canvas augmentation of a full training run would move a trained model away from clean digits
    in a few hundred steps."""
    n = x.shape[0]
    angle = (torch.rand(n, generator=gen) * 2 - 1) * (10 * np.pi / 180)
    scale = 0.9 + torch.rand(n, generator=gen) * 0.2
    shift = (torch.rand(n, 2, generator=gen) * 2 - 1) * (2 / 14)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    return (F.grid_sample(x, grid, align_corners=False, padding_mode="zeros") - MEAN) / STD


def freeze_batch_norm(model):
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.eval()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-onnx", required=True, help="the version to start from")
    parser.add_argument("--base-weights", help="its PyTorch weights, when it has them")
    parser.add_argument("--base-card", required=True)
    parser.add_argument("--corrections", required=True, help="float32 images, n x 784, ink 0..1 (the server's preprocessing)")
    parser.add_argument("--labels", required=True, help="uint8 labels, n")
    parser.add_argument("--data", required=True, help="what the corrections are, for the card")
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--share", type=float, default=0.25, help="part of each batch that is corrections (the rest is MNIST, so nothing is forgotten)")
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--anchor", type=float, default=0.1, help="pull towards the base weights (L2-SP): what the base knew stays")
    # Off by default: with plain SGD the uniform-target loss outweighs the digits' and flattens
    # every output within a few dozen steps.
    parser.add_argument("--outliers", type=int, default=0, help="not-a-digit drawings per batch, as train.py makes them")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(args.seed)
    with open(args.base_card) as f:
        base_card = json.load(f)

    if args.base_weights:
        model, start = model_from_state(torch.load(args.base_weights)), "PyTorch weights"
    else:
        model, start = model_from_onnx(args.base_onnx), "ONNX graph (batch norm folded)"
    model = with_doubt_source(model, base_card)

    corrections = np.fromfile(args.corrections, dtype=np.float32)
    x_fix = torch.from_numpy(corrections.reshape(-1, 1, 28, 28).copy())
    y_fix = torch.from_numpy(np.fromfile(args.labels, dtype=np.uint8).astype(np.int64))
    if len(x_fix) == 0 or len(x_fix) != len(y_fix):
        raise SystemExit(f"{len(x_fix)} corrections and {len(y_fix)} labels: nothing to fine-tune on")
    images, labels = read_idx("train-images-idx3-ubyte"), torch.from_numpy(read_idx("train-labels-idx1-ubyte").astype(np.int64))
    x_mnist, y_mnist = to_unit(images[:-VALIDATION]), labels[:-VALIDATION]
    x_val, y_val = to_tensor(images[-VALIDATION:]), labels[-VALIDATION:]
    before = evaluate(model, x_val, y_val)
    print(f"fine-tuning {base_card['version']} (from its {start}) on {len(x_fix)} corrections mixed with MNIST: "
          f"{args.steps} steps of {args.batch}, validation accuracy before {before * 100:.2f} %", flush=True)

    base_weights = [p.detach().clone() for p in model.parameters()]
    k = max(1, round(args.batch * args.share))
    # SGD moves each weight by its own gradient: weights the new drawings do not need stay put
    # (Adam would move every weight by about the learning rate, and MNIST would suffer).
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9, nesterov=True)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, total_steps=args.steps, pct_start=0.1)
    started = time.time()
    report_every = max(1, args.steps // 10)
    running = 0.0
    for step in range(args.steps):
        model.train()
        freeze_batch_norm(model)
        fix = torch.randint(0, len(x_fix), (k,), generator=gen)
        mnist = torch.randint(0, len(x_mnist), (args.batch - k,), generator=gen)
        xb = nudge(torch.cat([x_fix[fix], x_mnist[mnist]]), gen)
        if args.outliers > 0:
            logits, doubt = model.both(torch.cat([xb, negatives(x_mnist[mnist], gen, args.outliers)]))
            loss = with_outlier_loss(F.cross_entropy(logits[:args.batch], torch.cat([y_fix[fix], y_mnist[mnist]])), logits, doubt, args.batch, 0.5, 1.0)
        else:
            loss = F.cross_entropy(model(xb), torch.cat([y_fix[fix], y_mnist[mnist]]))
        if args.anchor > 0:
            loss = loss + args.anchor * sum(((p - p0) ** 2).sum() for p, p0 in zip(model.parameters(), base_weights))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        schedule.step()
        running += loss.item()
        if (step + 1) % report_every == 0 or step + 1 == args.steps:
            elapsed = time.time() - started
            done = step + 1
            print(f"step {done}/{args.steps}: loss {running / ((done - 1) % report_every + 1):.4f}, {elapsed:.0f} s, "
                  f"about {elapsed / done * (args.steps - done):.0f} s left", flush=True)
            running = 0.0
    seconds = time.time() - started

    model.eval()
    if getattr(model, "doubt_from", None) is not None:
        # Fine-tuning moves the doubting member's logits too: its temperature is fitted again, so
        # that the not-a-digit output stays that member's calibrated doubt.
        fit_doubt_from(model, model.doubt_from[0], x_val, y_val)
    sha256 = save_model(model, args.out)
    quantization = None
    if is_int8(args.base_onnx):
        # The base is served as integers, so its successor is too: it must fit the same inference time.
        drawings = calibration_drawings()
        quantized = quantize_and_read(os.path.join(args.out, "mnist-cnn.onnx"), drawings, x_val)
        quantization = {**quantization_card(drawings), "from": quantized.float_sha256[:12]}
        sha256, val_logits, accuracy, test_total = quantized.sha256, quantized.val_logits, quantized.test_accuracy, quantized.test_total
    else:
        val_logits = logits_of(model, x_val)
        accuracy, test_total = test_accuracy(model)
    val_accuracy = accuracy_of(val_logits, y_val)
    temperature, ece = calibrate(val_logits, y_val)
    print(f"validation accuracy {before * 100:.2f} % -> {val_accuracy * 100:.2f} %, temperature {temperature}, "
          f"test accuracy {accuracy * 100:.2f} %", flush=True)

    card = {key: value for key, value in base_card.items() if key not in ("evaluation", "quantization")}
    card.update({
        "version": sha256[:12], "sha256": sha256, "file": "mnist-cnn.onnx", "weights": "mnist-cnn.pt",
        "data": f"{base_card['data']}; fine-tuned on {args.data}",
        "training": {
            "fineTunedFrom": base_card["version"], "startedFrom": start, "steps": args.steps, "batchSize": args.batch,
            "correctionShare": args.share, "corrections": len(x_fix), "optimizer": "SGD, Nesterov momentum 0.9",
            "schedule": f"OneCycle, max lr {args.lr}", "batchNorm": "statistics kept (eval mode) while fine-tuning",
            "anchor": f"L2 pull towards the base weights, weight {args.anchor}",
            "augmentation": "light, on corrections and MNIST alike: rotation +-10 deg, scale 0.9-1.1, shift +-2 px", "seed": args.seed,
            "outlierExposure": f"{args.outliers} not-a-digit drawings per batch (as train.py makes them), towards equal probabilities, weight 0.5" if args.outliers else "none while fine-tuning",
            "validation": {"images": VALIDATION, "accuracyBefore": round(before, 4), "accuracy": round(val_accuracy, 4)},
            "seconds": round(seconds), "threads": args.threads, "framework": f"PyTorch {torch.__version__}",
        },
        "calibration": calibration_card(temperature, ece),
        **test_card(accuracy, test_total),
        **({"quantization": {**quantization, "validationAccuracy": round(val_accuracy, 4)}} if quantization else {}),
    })
    write_card(args.out, card, model)


if __name__ == "__main__":
    main()
