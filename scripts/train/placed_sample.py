"""python3 placed_sample.py --count N --seed S --out PREFIX

Writes what train.py's placed() makes of warped training digits, for a check against the server's
preprocessing: PREFIX.canvas.u8 (N warped digits on a 40 px canvas, 0..255) and PREFIX.placed.f32
(N x 784, placed() of those same 8-bit canvases)."""
import argparse

import numpy as np
import torch
import torch.nn.functional as F

from train import PLACING_PAD, placed, read_idx, thickness, to_unit, warp


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    gen = torch.Generator().manual_seed(args.seed)
    digits = to_unit(read_idx("train-images-idx3-ubyte")[:args.count])
    canvas = warp(F.pad(thickness(digits, gen), (PLACING_PAD,) * 4), gen)
    # The server reads 8-bit images: both sides start from the same bytes.
    canvas = (canvas.clamp(0, 1) * 255).round()
    canvas.to(torch.uint8).numpy().tofile(args.out + ".canvas.u8")
    placed(canvas / 255).numpy().astype(np.float32).tofile(args.out + ".placed.f32")


if __name__ == "__main__":
    main()
