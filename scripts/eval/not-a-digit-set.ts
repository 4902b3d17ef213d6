import { loadMnist, type MnistSet } from "../lib/mnist.ts";
import { boundsOf, byHand, digitStrokes, place, varyHand } from "./digit-strokes.ts";
import { between, itemRandom, pick, shuffledIndices, type EvalImage, type EvalSet, type EvalSetOptions } from "./eval-set.ts";
import { GLYPHS } from "./glyphs.ts";
import { CLIENT_STROKE, FINGER, handSample, MOUSE, strokesPng, type HandStyle, type UnitStroke } from "./hand.ts";
import type { Point } from "./skeleton.ts";
import { CLIENT_SIDES } from "./strokes-set.ts";

/** What one kind of not-a-digit drawing makes: the strokes as the client records them, and how. */
interface Drawn {
  strokes: UnitStroke[];
  note: string;
}

type Maker = (random: () => number, hand: HandStyle, n: number, context: { set: MnistSet; order: number[] }) => Drawn;

const rotate = ([x, y]: Point, angle: number): Point => [x * Math.cos(angle) - y * Math.sin(angle), x * Math.sin(angle) + y * Math.cos(angle)];
const clampUnit = (v: number) => Math.min(1 - CLIENT_STROKE / 2, Math.max(CLIENT_STROKE / 2, v));

/** A single tap (the client draws a disc of the pen's width), or a tiny drag that barely moves. */
const dots: Maker = (random, hand) => {
  const x = between(random, 0.1, 0.9), y = between(random, 0.1, 0.9);
  if (random() < 0.7) return { strokes: [[x, y]], note: `tap at ${x.toFixed(2)},${y.toFixed(2)}` };
  const reach = between(random, 0.005, 0.02), angle = random() * 2 * Math.PI;
  const path: Point[] = [[x, y], [x + reach * Math.cos(angle), y + reach * Math.sin(angle)]];
  return { strokes: [handSample(path, { ...hand, spacing: reach / 2 }, random)], note: `drag of ${reach.toFixed(3)} at ${x.toFixed(2)},${y.toFixed(2)}` };
};

/** A short line: a few per cent of the canvas, any direction. */
const lines: Maker = (random, hand) => {
  const length = between(random, 0.02, 0.1), angle = random() * Math.PI;
  const cx = between(random, 0.15, 0.85), cy = between(random, 0.15, 0.85);
  const [dx, dy] = rotate([length / 2, 0], angle);
  const path: Point[] = [[cx - dx, cy - dy], [cx + dx, cy + dy]];
  return { strokes: [handSample(path, { ...hand, spacing: Math.min(hand.spacing, length / 3) }, random)], note: `line of ${length.toFixed(3)} at ${((angle * 180) / Math.PI).toFixed(0)} deg` };
};

/** Zig-zags, loops or a wandering line over much of the canvas, one or two of them. */
const scribbles: Maker = (random, hand) => {
  const strokes: UnitStroke[] = [];
  const kinds: string[] = [];
  const count = random() < 0.75 ? 1 : 2;
  for (let s = 0; s < count; s++) {
    const kind = pick(random, ["zig-zag", "loops", "wander"] as const);
    const path: Point[] = [];
    let width = between(random, 0.4, 0.9), height = between(random, 0.3, 0.9);
    if (kind === "zig-zag") {
      // Back and forth, the passes more than a pen's width apart: closer, it is a filled area;
      // with only three or four turns, it is a letter (W, N, Z).
      const vertical = random() < 0.5;
      const pass = CLIENT_STROKE * between(random, 1.3, 2.2);
      const turns = Math.max(6, Math.min(6 + Math.floor(random() * 5), Math.floor(0.9 / pass)));
      if (vertical) width = Math.min(0.9, turns * pass); else height = Math.min(0.9, turns * pass);
      const left = between(random, 0.05, 0.95 - width), top = between(random, 0.05, 0.95 - height);
      for (let i = 0; i <= turns; i++) {
        const across = i % 2 === 0 ? between(random, 0, 0.3) : between(random, 0.7, 1);
        const along = Math.min(1, Math.max(0, (i + between(random, -0.3, 0.3)) / turns));
        path.push(vertical ? [left + along * width, top + across * height] : [left + across * width, top + along * height]);
      }
    } else if (kind === "loops") {
      // A row of loops, like a child's "eeee": each loop wide enough to stay open, each moving on
      // by more than a pen's width, or they merge into a blob.
      const loopWidth = between(random, 0.25, 0.4), advance = CLIENT_STROKE * between(random, 1.2, 2);
      const loops = Math.max(2, Math.min(3 + Math.floor(random() * 4), Math.floor((0.9 - loopWidth) / advance)));
      width = loopWidth + loops * advance;
      height = between(random, 0.25, 0.6);
      const left = between(random, 0.05, 0.95 - width), top = between(random, 0.05, 0.95 - height);
      const phase = random() * 2 * Math.PI;
      for (let i = 0; i <= loops * 16; i++) {
        const t = i / (loops * 16), a = 2 * Math.PI * loops * t + phase;
        path.push([left + loopWidth / 2 + t * loops * advance + (loopWidth / 2) * Math.cos(a), top + height * (0.5 + 0.5 * Math.sin(a))]);
      }
    } else {
      const left = between(random, 0.05, 0.95 - width), top = between(random, 0.05, 0.95 - height);
      let x = left + width / 2, y = top + height / 2, heading = random() * 2 * Math.PI;
      const steps = 30 + Math.floor(random() * 30);
      for (let i = 0; i < steps; i++) {
        path.push([x, y]);
        heading += between(random, -0.8, 0.8);
        x += 0.06 * Math.cos(heading);
        y += 0.06 * Math.sin(heading);
        // Turn back at the edge of the scribble's area.
        if (x < left || x > left + width) { heading = Math.PI - heading; x = Math.min(left + width, Math.max(left, x)); }
        if (y < top || y > top + height) { heading = -heading; y = Math.min(top + height, Math.max(top, y)); }
      }
    }
    strokes.push(handSample(path.map(([x, y]): Point => [clampUnit(x), clampUnit(y)]), hand, random));
    kinds.push(kind);
  }
  return { strokes, note: kinds.join(" + ") };
};

/** A rectangle or an ellipse coloured in with parallel strokes, or with one stroke going back and forth. */
const filled: Maker = (random, hand) => {
  const ellipse = random() < 0.5;
  const width = between(random, 0.2, 0.6), height = between(random, 0.2, 0.6);
  const cx = between(random, 0.1 + width / 2, 0.9 - width / 2), cy = between(random, 0.1 + height / 2, 0.9 - height / 2);
  const angle = (pick(random, [0, 45, 90, -45]) + between(random, -10, 10)) * (Math.PI / 180);
  const gap = CLIENT_STROKE * between(random, 0.4, 0.9);
  const continuous = random() < 0.5;
  // Hatch lines along x in the shape's own frame, `gap` apart in y, then the frame is turned.
  const rows: Array<[Point, Point]> = [];
  for (let y = -height / 2 + gap / 2; y <= height / 2; y += gap) {
    const half = ellipse ? (width / 2) * Math.sqrt(Math.max(0, 1 - (y / (height / 2)) ** 2)) : width / 2;
    const wobble = () => between(random, -0.4, 0.4) * gap;
    rows.push([[-half + wobble(), y + wobble() / 2], [half + wobble(), y + wobble() / 2]]);
  }
  const toCanvas = (p: Point): Point => {
    const [x, y] = rotate(p, angle);
    return [clampUnit(cx + x), clampUnit(cy + y)];
  };
  let strokes: UnitStroke[];
  if (continuous) {
    const path = rows.flatMap(([a, b], i) => (i % 2 === 0 ? [a, b] : [b, a])).map(toCanvas);
    strokes = [handSample(path, hand, random)];
  } else {
    // Each line drawn the same way round, as a hand colouring in with separate strokes does.
    strokes = rows.map(([a, b]) => handSample([toCanvas(a), toCanvas(b)], hand, random));
  }
  return { strokes, note: `${ellipse ? "ellipse" : "rectangle"} ${width.toFixed(2)}x${height.toFixed(2)}, ${rows.length} ${continuous ? "turns of one stroke" : "strokes"}` };
};

const GLYPH_NAMES = Object.keys(GLYPHS);

/** A letter or symbol from GLYPHS, warped a little (each hand shapes it differently), slanted, sized, placed. */
const letters: Maker = (random, hand, n) => {
  const name = GLYPH_NAMES[n % GLYPH_NAMES.length]!;
  const amount = between(random, 0.02, 0.05), phase = [random() * 6.3, random() * 6.3], frequency = [between(random, 0.5, 1.5), between(random, 0.5, 1.5)];
  const aspect = between(random, 0.8, 1.2);
  // A smooth warp, so that curves stay curves and straight strokes bend only slightly.
  const warped = GLYPHS[name]!.map((stroke) =>
    stroke.map(([x, y]): Point => [
      x * aspect + amount * Math.sin(2 * Math.PI * frequency[0]! * y + phase[0]!),
      y + amount * Math.sin(2 * Math.PI * frequency[1]! * x + phase[1]!),
    ]),
  );
  const placement = { size: between(random, 0.35, 0.85), rotation: (between(random, -10, 10) * Math.PI) / 180, slant: between(random, -0.2, 0.2), at: [random(), random()] as [number, number] };
  return { strokes: byHand(place(warped, placement), hand, random), note: `"${name}" size ${placement.size.toFixed(2)}` };
};

/** Two MNIST test digits side by side, as someone writing a number would draw them. */
const pairs: Maker = (random, hand, n, { set, order }) => {
  const a = order[(2 * n) % order.length]!, b = order[(2 * n + 1) % order.length]!;
  const first = digitStrokes(set, a), second = digitStrokes(set, b);
  const normalise = (strokes: Point[][], height: number, left: number, drop: number) => {
    const box = boundsOf(strokes);
    const scale = height / (box.y1 - box.y0 || 1);
    return { strokes: strokes.map((s) => s.map(([x, y]): Point => [left + (x - box.x0) * scale, drop + (y - box.y0) * scale])), right: left + (box.x1 - box.x0) * scale };
  };
  const one = normalise(first, 1, 0, 0);
  const gap = between(random, 0.1, 0.5);
  const two = normalise(second, between(random, 0.85, 1.15), one.right + gap, between(random, -0.1, 0.1));
  const placement = { size: between(random, 0.55, 0.95), rotation: (between(random, -5, 5) * Math.PI) / 180, slant: between(random, -0.1, 0.1), at: [random(), random()] as [number, number] };
  return { strokes: byHand(place([...one.strokes, ...two.strokes], placement), hand, random), note: `"${set.labels[a]}${set.labels[b]}" (#${a}, #${b}) gap ${gap.toFixed(2)}` };
};

/** The kinds of the set, each with its share of the images. */
export const NOT_A_DIGIT_KINDS: ReadonlyArray<{ family: string; share: number; make: Maker }> = [
  { family: "dots", share: 0.12, make: dots },
  { family: "lines", share: 0.13, make: lines },
  { family: "scribbles", share: 0.15, make: scribbles },
  { family: "filled", share: 0.13, make: filled },
  { family: "letters", share: 0.3, make: letters },
  { family: "pairs", share: 0.17, make: pairs },
];

/** How many images of each kind a set of `count` holds (the rounding remainder goes to the last kinds). */
export function kindCounts(count: number): number[] {
  const counts = NOT_A_DIGIT_KINDS.map((kind) => Math.floor(count * kind.share));
  for (let k = counts.length - 1, left = count - counts.reduce((a, b) => a + b, 0); left > 0; k = (k + counts.length - 1) % counts.length, left--) counts[k]!++;
  return counts;
}

/**
 * Drawings that are not a digit, drawn with the client's pen on its canvas: taps, short lines,
 * scribbles, coloured-in areas, letters and symbols, and two digits side by side.
 */
export async function* notADigitImages({ count, seed, source }: EvalSetOptions): AsyncGenerator<EvalImage> {
  const set = source ?? loadMnist("test");
  const order = shuffledIndices(set.count, seed);
  const counts = kindCounts(count);
  for (const [k, kind] of NOT_A_DIGIT_KINDS.entries()) {
    for (let n = 0; n < counts[k]!; n++) {
      const random = itemRandom(seed, n, k);
      const size = Math.round(between(random, CLIENT_SIDES[0], CLIENT_SIDES[1]));
      const finger = random() < 0.5;
      const drawn = kind.make(random, varyHand(finger ? FINGER : MOUSE, random), n, { set, order });
      yield { png: await strokesPng(drawn.strokes, size), label: null, family: kind.family, note: `${drawn.note}, ${finger ? "finger" : "mouse"} ${size}px` };
    }
  }
}

export const notADigitSet: EvalSet = {
  name: "not-a-digit",
  description: "taps, short lines, scribbles, filled areas, letters and symbols, and two digits side by side, drawn as in the client",
  digits: false,
  seed: 3,
  defaultCount: 400,
  quickCount: 200,
  images: (options) => notADigitImages(options),
};
