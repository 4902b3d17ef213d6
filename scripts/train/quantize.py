"""Write the integer (int8) version of a model folder: see int8.py for how.

    npm run quantize -- --model DIR --out DIR

The temperature is fitted again on the validation split with the integer graph's own logits, and
the test set is read once, for the card. The float PyTorch weights are copied along when the folder
has them: fine-tuning starts from them and quantizes its result again.
"""
import argparse
import json
import os
import shutil
import time

import numpy as np
import torch

from int8 import calibration_drawings, is_int8, quantization_card, quantize_and_read
from train import VALIDATION, accuracy_of, calibrate, calibration_card, read_idx, test_card, to_tensor


def quantized_folder(source_onnx, base_card, out, drawings):
    """Writes `out`'s integer graph and card (from `base_card`); returns the card and its validation accuracy."""
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "mnist-cnn.onnx")
    shutil.copyfile(source_onnx, path)
    images, labels = read_idx("train-images-idx3-ubyte"), torch.from_numpy(read_idx("train-labels-idx1-ubyte").astype(np.int64))
    quantized = quantize_and_read(path, drawings, to_tensor(images[-VALIDATION:]))
    val_accuracy = accuracy_of(quantized.val_logits, labels[-VALIDATION:])
    temperature, ece = calibrate(quantized.val_logits, labels[-VALIDATION:])

    card = {key: value for key, value in base_card.items() if key not in ("evaluation", "weights")}
    card.update({
        "version": quantized.sha256[:12], "sha256": quantized.sha256, "file": "mnist-cnn.onnx",
        "quantization": {**quantization_card(drawings), "from": base_card["version"], "validationAccuracy": round(val_accuracy, 4)},
        "calibration": calibration_card(temperature, ece),
        **test_card(quantized.test_accuracy, quantized.test_total),
    })
    return card, val_accuracy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True, help="a model folder with a float graph (model-card.json and what it names)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()

    with open(os.path.join(args.model, "model-card.json")) as f:
        base_card = json.load(f)
    source = os.path.join(args.model, base_card["file"])
    if is_int8(source):
        raise SystemExit(f"{source} is already an integer graph")
    drawings = calibration_drawings()
    card, val_accuracy = quantized_folder(source, base_card, args.out, drawings)
    weights = base_card.get("weights") and os.path.join(args.model, base_card["weights"])
    if weights and os.path.exists(weights):
        shutil.copyfile(weights, os.path.join(args.out, base_card["weights"]))
        card["weights"] = base_card["weights"]
    with open(os.path.join(args.out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(f"int8 {card['version']} from {base_card['version']}: validation {val_accuracy * 100:.2f} %, temperature "
          f"{card['calibration']['temperature']}, calibration error {card['calibration']['validationEce'] * 100:.2f} %, "
          f"test {card['testAccuracy'] * 100:.2f} %, {time.time() - started:.0f} s; written to {args.out}", flush=True)


if __name__ == "__main__":
    main()
