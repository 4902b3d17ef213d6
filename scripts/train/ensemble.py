"""Fold trained models into one ONNX graph whose logits are the mean of their log-probabilities.

    npm run ensemble -- --members DIR DIR [...] --out DIR [--doubt-from DIR]

Each member is a model folder written by train.py (or the served one): its PyTorch weights when
the card names them, else its ONNX graph. The temperature is fitted again on the validation split
(an average of members is less sure than each of them), and the test set is read once, for the card.

With --doubt-from (one of the members, a single network) the graph gets a not-a-digit output: one
minus that member's top probability at its own temperature, fitted here on the validation split.
"""
import argparse
import os

import numpy as np
import torch

from saved_models import networks_of
from train import (VALIDATION, Ensemble, accuracy_of, calibrate, calibration_card, describe_architecture, evaluate, fit_doubt_from, logits_of,
                   read_idx, save_model, test_accuracy, test_card, to_tensor, write_card)


def doubt_member(folders, sizes, folder):
    """The index, among the flattened networks, of the member folder `folder` (a single network)."""
    index = 0
    for member, size in zip(folders, sizes):
        if os.path.realpath(member) == os.path.realpath(folder):
            if size != 1:
                raise SystemExit(f"--doubt-from {folder}: an ensemble, not one network")
            return index
        index += size
    raise SystemExit(f"--doubt-from {folder}: not one of the --members")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", nargs="+", required=True, help="model folders (model-card.json and what it names)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--doubt-from", help="the member folder whose own doubt becomes the not-a-digit output")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if len(args.members) < 2:
        raise SystemExit("an ensemble needs two members or more")
    torch.set_num_threads(args.threads)

    model, cards = networks_of(args.members)
    # A member that is an ensemble itself gives its networks, each weighing as much as any other:
    # that is also how its graph is rebuilt for fine-tuning. Integer members come back as float.
    networks = [member.members if isinstance(member, Ensemble) else [member] for member in model.members]
    model = Ensemble([network for group in networks for network in group])
    model.eval()
    members = model.members
    if model.doubt is None or args.doubt_from:
        # A not-a-digit output is averaged over all members, so one member without it drops them all;
        # one member's doubt replaces them.
        for member in members:
            member.doubt = None
    images, labels = read_idx("train-images-idx3-ubyte"), torch.from_numpy(read_idx("train-labels-idx1-ubyte").astype(np.int64))
    x_val, y_val = to_tensor(images[-VALIDATION:]), labels[-VALIDATION:]
    for i, member in enumerate(members):
        print(f"network {i + 1} of {len(members)}: validation {evaluate(member, x_val, y_val) * 100:.2f} %", flush=True)
    if args.doubt_from:
        index = doubt_member(args.members, [len(group) for group in networks], args.doubt_from)
        temperature = fit_doubt_from(model, index, x_val, y_val)
        print(f"not-a-digit output: network {index + 1}'s doubt at its temperature {temperature}", flush=True)
    val_logits = logits_of(model, x_val)
    val_accuracy = accuracy_of(val_logits, y_val)
    temperature, ece = calibrate(val_logits, y_val)
    print(f"ensemble: validation {val_accuracy * 100:.2f} %, temperature {temperature}, validation calibration error {ece * 100:.2f} %", flush=True)
    accuracy, test_total = test_accuracy(model)
    sha256 = save_model(model, args.out)

    first = cards[0]
    trainings = [card["training"] for card in cards]
    card = {
        "name": first["name"], "version": sha256[:12], "sha256": sha256, "file": "mnist-cnn.onnx", "weights": "mnist-cnn.pt",
        "architecture": f"ensemble of {len(members)} (mean of their log-probabilities), each "
                        + "; ".join(dict.fromkeys(describe_architecture(m.architecture, m.doubt is not None) for m in members)),
        "parameters": sum(p.numel() for p in model.parameters()),
        "data": first["data"],
        "training": {
            "epochs": max(t.get("epochs", 0) for t in trainings), "seed": trainings[0].get("seed"),
            "seconds": sum(t.get("seconds", 0) for t in trainings), "threads": trainings[0].get("threads"), "framework": f"PyTorch {torch.__version__}",
            "validation": {"images": VALIDATION, "accuracy": round(val_accuracy, 4)},
            "members": [{"version": c["version"], **c["training"], "calibration": c.get("calibration")} for c in cards],
        },
        "calibration": calibration_card(temperature, ece),
        **test_card(accuracy, test_total),
        "input": first["input"], "output": {"name": "logits", "shape": ["batch", 10]},
    }
    write_card(args.out, card, model)
    print(f"ensemble: test accuracy {accuracy * 100:.2f} %, sha256 {sha256[:12]}, written to {args.out}", flush=True)


if __name__ == "__main__":
    main()
