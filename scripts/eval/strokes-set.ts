import { loadMnist } from "../lib/mnist.ts";
import { byHand, digitStrokes, place, untracedInk, varyHand } from "./digit-strokes.ts";
import { between, itemRandom, shuffledIndices, type EvalImage, type EvalSet, type EvalSetOptions } from "./eval-set.ts";
import { FINGER, MOUSE, strokesPng } from "./hand.ts";

/** Canvas sides the client shows: up to its 360 px maximum, smaller on narrow screens. */
export const CLIENT_SIDES = [240, 360] as const;

/** A digit whose tracing leaves more of its ink than this untraced is skipped (see untracedInk). */
export const MAX_UNTRACED_INK = 0.1;

/**
 * MNIST test digits as a person draws them in the client: the digit's skeleton traced into
 * strokes, moved through by a mouse or a finger (uneven sampling, wobble, jitter), and drawn the
 * way Konva draws the client's lines, with its pen width for the canvas. Digits the tracer cannot
 * follow (about 2.5 % of them, mostly thick or blotted ones) are skipped for the next in order.
 */
export async function* strokesImages({ count, seed, source }: EvalSetOptions): AsyncGenerator<EvalImage> {
  const set = source ?? loadMnist("test");
  const order = shuffledIndices(set.count, seed);
  let next = 0;
  for (let n = 0; n < count; n++) {
    let index: number, traced: ReturnType<typeof digitStrokes>;
    do {
      index = order[next++ % order.length]!;
      traced = digitStrokes(set, index);
    } while (untracedInk(set, index, traced) > MAX_UNTRACED_INK);
    const random = itemRandom(seed, n);
    const size = Math.round(between(random, CLIENT_SIDES[0], CLIENT_SIDES[1]));
    const finger = random() < 0.5;
    const hand = varyHand(finger ? FINGER : MOUSE, random);
    const placement = {
      size: between(random, 0.35, 0.85),
      rotation: (between(random, -8, 8) * Math.PI) / 180,
      slant: between(random, -0.15, 0.15),
      at: [random(), random()] as [number, number],
    };
    const strokes = byHand(place(traced, placement), hand, random);
    const family = finger ? "finger" : "mouse";
    yield {
      png: await strokesPng(strokes, size),
      label: set.labels[index]!,
      family,
      note: `#${index} ${family} ${size}px size ${placement.size.toFixed(2)} ${strokes.length} strokes ${strokes.reduce((sum, s) => sum + s.length / 2, 0)} points`,
    };
  }
}

export const strokesSet: EvalSet = {
  name: "strokes",
  description: "MNIST test digits traced into strokes and drawn as in the client (Konva spline, its pen, mouse or finger)",
  digits: true,
  seed: 2,
  defaultCount: 2000,
  quickCount: 300,
  images: (options) => strokesImages(options),
};
