"""How trained networks, and every ensemble of them, read the validation digits.

    npm run compare-models -- --members DIR DIR [...] [--drawings DIR] [--largest N]

Reads each member once on the MNIST validation split and on the drawings `npm run
prepare-drawings` stored (validation split only, prepared as the server prepares them), then
prints the misread digits of each member and of each ensemble of two or more (the mean of their
log-probabilities, as `npm run ensemble` folds them), fewest drawn-digit errors first. It answers
"which members are worth folding" in a minute or two per member; the verdicts (not-a-digit, unsure) depend on the
server's ink rules as well, so the chosen ensemble is still measured by `npm run evaluate --
--split validation`. An integer graph is read through its float weights (saved_models.py).
"""
import argparse
import itertools
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

from saved_models import model_from_folder
from train import MEAN, STD, VALIDATION, logits_of, read_idx, to_tensor


def drawing_sets(folder):
    """{set name: (normalised images, labels)}, the seeds of a set joined; label -1 is a refused drawing."""
    with open(os.path.join(folder, "drawings.json")) as f:
        manifest = json.load(f)
    sets = {}
    for entry in manifest["files"]:
        pixels = np.fromfile(os.path.join(folder, entry["pixels"]), dtype=np.float32).reshape(-1, 1, 28, 28)
        labels = np.fromfile(os.path.join(folder, entry["labels"]), dtype=np.int8).astype(np.int64)
        x, y = (torch.from_numpy(pixels) - MEAN) / STD, torch.from_numpy(labels)
        if entry["set"] in sets:
            x0, y0 = sets[entry["set"]]
            x, y = torch.cat([x0, x]), torch.cat([y0, y])
        sets[entry["set"]] = (x, y)
    return sets


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", nargs="+", required=True, help="model folders")
    parser.add_argument("--drawings", default=os.path.join("..", "..", ".data", "prepared-drawings"), help="what npm run prepare-drawings wrote")
    parser.add_argument("--largest", type=int, default=4, help="largest ensemble to try")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    images, labels = read_idx("train-images-idx3-ubyte"), torch.from_numpy(read_idx("train-labels-idx1-ubyte").astype(np.int64))
    sets = {"mnist": (to_tensor(images[-VALIDATION:]), labels[-VALIDATION:]), **drawing_sets(args.drawings)}
    names = [os.path.basename(os.path.normpath(folder)) for folder in args.members]
    log_probs = {}
    for name, folder in zip(names, args.members):
        model, card = model_from_folder(folder)
        log_probs[name] = {s: F.log_softmax(logits_of(model, x), 1) for s, (x, _) in sets.items()}
        print(f"read {name} ({card['version']})", flush=True)

    rows = []
    for size in range(1, min(args.largest, len(names)) + 1):
        for combo in itertools.combinations(names, size):
            # A refused drawing (-1) is misread by every reader.
            errors = {s: int((torch.stack([log_probs[n][s] for n in combo]).mean(0).argmax(1) != y).sum()) for s, (_, y) in sets.items()}
            rows.append((sum(e for s, e in errors.items() if s != "mnist"), combo, errors))
    print("\nmisread digits (of " + ", ".join(f"{s} {len(y)}" for s, (_, y) in sets.items()) + ")")
    for drawn, combo, errors in sorted(rows, key=lambda row: (row[0], row[2]["mnist"])):
        print(f"{' + '.join(combo):48} drawn {drawn:4}  " + "  ".join(f"{s} {e}" for s, e in errors.items()))


if __name__ == "__main__":
    main()
