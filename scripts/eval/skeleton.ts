/*
 * From a digit's pixels to the strokes a person would have drawn: threshold, thin to a
 * one-pixel skeleton (Zhang-Suen), tidy it (staircase corners, short spurs), trace it into
 * polylines that meet at junctions, and join the polylines that run straight on through a
 * junction, so that an "8" or a "4" comes out as a few long strokes rather than many short ones.
 */

/** A point in the skeleton grid's pixel coordinates. */
export type Point = [number, number];

/** The eight neighbours in ring order: N, NE, E, SE, S, SW, W, NW. */
const RING: ReadonlyArray<readonly [number, number]> = [[0, -1], [1, -1], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1]];

function ringValues(mask: Uint8Array, width: number, p: number): number[] {
  const x = p % width, y = (p - x) / width;
  return RING.map(([dx, dy]) => mask[(y + dy) * width + x + dx]!);
}

/**
 * Zhang-Suen thinning, in place. `mask` must have a clear one-pixel border (the caller pads it),
 * so that neighbour look-ups need no bounds checks.
 */
export function zhangSuen(mask: Uint8Array, width: number, height: number): void {
  const remove: number[] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const step of [0, 1]) {
      remove.length = 0;
      for (let y = 1; y < height - 1; y++) {
        for (let x = 1; x < width - 1; x++) {
          const p = y * width + x;
          if (!mask[p]) continue;
          const [n, ne, e, se, s, sw, w, nw] = ringValues(mask, width, p) as [number, number, number, number, number, number, number, number];
          const count = n + ne + e + se + s + sw + w + nw;
          if (count < 2 || count > 6) continue;
          const ring = [n, ne, e, se, s, sw, w, nw, n];
          let transitions = 0;
          for (let i = 0; i < 8; i++) if (!ring[i] && ring[i + 1]) transitions++;
          if (transitions !== 1) continue;
          if (step === 0 ? n * e * s === 0 && e * s * w === 0 : n * e * w === 0 && n * s * w === 0) remove.push(p);
        }
      }
      for (const p of remove) mask[p] = 0;
      if (remove.length > 0) changed = true;
    }
  }
}

/** Set neighbours of p. */
function neighbours(mask: Uint8Array, width: number, p: number): number[] {
  const out: number[] = [];
  for (const [dx, dy] of RING) {
    const q = p + dy * width + dx;
    if (mask[q]) out.push(q);
  }
  return out;
}

/** In how many 8-connected groups p's set neighbours lie, seen within its 3x3 window. */
function neighbourGroups(mask: Uint8Array, width: number, p: number): number {
  const set = ringValues(mask, width, p);
  const parent = [0, 1, 2, 3, 4, 5, 6, 7];
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < 8; i++) {
    for (let j = i + 1; j < 8; j++) {
      const [ax, ay] = RING[i]!, [bx, by] = RING[j]!;
      if (set[i] && set[j] && Math.max(Math.abs(ax - bx), Math.abs(ay - by)) === 1) parent[find(i)] = find(j);
    }
  }
  const roots = new Set<number>();
  for (let i = 0; i < 8; i++) if (set[i]) roots.add(find(i));
  return roots.size;
}

/**
 * Removes the redundant pixels Zhang-Suen leaves in diagonal runs (an L of three where the
 * corner's two neighbours already touch), so that every path pixel has exactly two neighbours
 * and tracing never has to choose.
 */
export function removeStaircases(mask: Uint8Array, width: number, height: number): void {
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const p = y * width + x;
      if (!mask[p]) continue;
      const count = neighbours(mask, width, p).length;
      if (count >= 2 && count <= 3 && neighbourGroups(mask, width, p) === 1) mask[p] = 0;
    }
  }
}

/** Walks from an endpoint along path pixels; returns the pixels passed and where the walk stopped. */
function walkFromEnd(mask: Uint8Array, width: number, start: number, maxSteps: number): { pixels: number[]; reachedJunction: boolean } {
  const pixels = [start];
  let previous = -1, current = start;
  for (let step = 0; step < maxSteps; step++) {
    const next = neighbours(mask, width, current).filter((q) => q !== previous);
    if (next.length !== 1) return { pixels, reachedJunction: next.length > 1 };
    const q = next[0]!;
    if (neighbours(mask, width, q).length >= 3) return { pixels, reachedJunction: true };
    previous = current;
    current = q;
    pixels.push(q);
  }
  return { pixels, reachedJunction: false };
}

/**
 * Cuts spurs: branches shorter than `maxLength` from an endpoint to a junction, which thinning
 * grows from bumps in a stroke's outline and no one draws. Also drops specks shorter than 3 px.
 */
export function pruneSpurs(mask: Uint8Array, width: number, height: number, maxLength: number): void {
  const ends: number[] = [];
  for (let p = width; p < width * (height - 1); p++) if (mask[p] && neighbours(mask, width, p).length <= 1) ends.push(p);
  for (const end of ends) {
    if (!mask[end]) continue;
    const { pixels, reachedJunction } = walkFromEnd(mask, width, end, maxLength);
    const speck = !reachedJunction && pixels.length < 3 && neighbours(mask, width, pixels.at(-1)!).length <= 1;
    if ((reachedJunction && pixels.length < maxLength) || speck) for (const p of pixels) mask[p] = 0;
  }
}

interface Edge {
  points: Point[];
  /** The junction cluster at each end, or -1 at a free end. */
  ends: [number, number];
}

/** Groups junction pixels (3+ neighbours) into clusters; returns the cluster of each pixel, -1 elsewhere. */
function junctionClusters(mask: Uint8Array, width: number, isJunction: (p: number) => boolean): { cluster: Int32Array; count: number } {
  const cluster = new Int32Array(mask.length).fill(-1);
  let count = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p] || !isJunction(p) || cluster[p]! >= 0) continue;
    const stack = [p];
    cluster[p] = count;
    while (stack.length > 0) {
      const q = stack.pop()!;
      for (const r of neighbours(mask, width, q)) {
        if (isJunction(r) && cluster[r]! < 0) {
          cluster[r] = count;
          stack.push(r);
        }
      }
    }
    count++;
  }
  return { cluster, count };
}

/** Traces a tidy skeleton into edges between endpoints and junction clusters, and closed loops. */
function traceEdges(mask: Uint8Array, width: number): { edges: Edge[]; loops: Point[][] } {
  const degree = (p: number) => neighbours(mask, width, p).length;
  const isNode = (p: number) => degree(p) !== 2;
  const { cluster } = junctionClusters(mask, width, (p) => degree(p) >= 3);
  const toPoint = (p: number): Point => [p % width, Math.floor(p / width)];
  const visited = new Uint8Array(mask.length);
  const edges: Edge[] = [];
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p] || !isNode(p)) continue;
    for (const first of neighbours(mask, width, p)) {
      if (isNode(first) || visited[first]) continue;
      const path = [p, first];
      visited[first] = 1;
      let previous = p, current = first;
      for (;;) {
        const next = neighbours(mask, width, current).find((q) => q !== previous);
        if (next === undefined) break;
        path.push(next);
        if (isNode(next) || visited[next]) break;
        visited[next] = 1;
        previous = current;
        current = next;
      }
      const last = path.at(-1)!;
      edges.push({ points: path.map(toPoint), ends: [cluster[p]!, isNode(last) ? cluster[last]! : -1] });
    }
  }
  const loops: Point[][] = [];
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p] || visited[p] || isNode(p)) continue;
    const loop = [p];
    visited[p] = 1;
    let previous = -1, current = p;
    for (;;) {
      const next = neighbours(mask, width, current).find((q) => q !== previous && (!visited[q] || (q === p && loop.length > 2)));
      if (next === undefined || next === p) break;
      visited[next] = 1;
      loop.push(next);
      previous = current;
      current = next;
    }
    loop.push(p);
    loops.push(loop.map(toPoint));
  }
  return { edges, loops };
}

/** Unit direction from a junction into an edge, looking `reach` points along it. */
function leavingDirection(edge: Edge, atEnd: 0 | 1, reach: number): Point {
  const points = atEnd === 0 ? edge.points : [...edge.points].reverse();
  const [x0, y0] = points[0]!, [x1, y1] = points[Math.min(reach, points.length - 1)]!;
  const length = Math.hypot(x1 - x0, y1 - y0) || 1;
  return [(x1 - x0) / length, (y1 - y0) / length];
}

/**
 * Joins edges that continue one another through a junction (leaving it in nearly opposite
 * directions) into single strokes, as a hand passes through the crossing of an "8" or "4".
 */
function joinThroughJunctions(edges: Edge[], reach: number): Point[][] {
  // partner[2 * e + end] = 2 * e' + end' for each joined pair of edge ends.
  const partner = new Int32Array(edges.length * 2).fill(-1);
  const byCluster = new Map<number, number[]>();
  edges.forEach((edge, e) => edge.ends.forEach((c, end) => { if (c >= 0) byCluster.set(c, [...(byCluster.get(c) ?? []), 2 * e + end]); }));
  for (const ends of byCluster.values()) {
    const pairs: Array<[number, number, number]> = [];
    for (let i = 0; i < ends.length; i++) {
      for (let j = i + 1; j < ends.length; j++) {
        const a = ends[i]!, b = ends[j]!;
        if (a >> 1 === b >> 1) continue; // a loop's two ends at one junction: it closes by itself
        const [ax, ay] = leavingDirection(edges[a >> 1]!, (a & 1) as 0 | 1, reach);
        const [bx, by] = leavingDirection(edges[b >> 1]!, (b & 1) as 0 | 1, reach);
        pairs.push([ax * bx + ay * by, a, b]);
      }
    }
    pairs.sort((p, q) => p[0] - q[0]);
    for (const [cosine, a, b] of pairs) {
      if (cosine > -0.5) break; // turning by more than 60 degrees: the hand would lift or the stroke ends
      if (partner[a]! >= 0 || partner[b]! >= 0) continue;
      partner[a] = b;
      partner[b] = a;
    }
  }
  const used = new Uint8Array(edges.length);
  const strokes: Point[][] = [];
  const follow = (startEnd: number) => {
    const stroke: Point[] = [];
    let entry = startEnd;
    while (entry >= 0 && !used[entry >> 1]) {
      const e = entry >> 1;
      used[e] = 1;
      const points = (entry & 1) === 0 ? edges[e]!.points : [...edges[e]!.points].reverse();
      stroke.push(...(stroke.length > 0 ? points.slice(1) : points));
      const exit = entry ^ 1;
      entry = partner[exit]!;
    }
    strokes.push(stroke);
  };
  // Strokes start at free or unpaired ends first; what is left are cycles of paired edges.
  for (let end = 0; end < partner.length; end++) if (partner[end]! < 0 && !used[end >> 1]) follow(end);
  for (let e = 0; e < edges.length; e++) if (!used[e]) follow(2 * e);
  return strokes;
}

/**
 * Smooths a pixel path by averaging each point with its neighbours (ends stay put): a skeleton
 * steps from pixel to pixel, and a hand does not.
 */
export function smooth(points: Point[], radius: number, passes = 2): Point[] {
  let current = points;
  for (let pass = 0; pass < passes; pass++) {
    current = current.map((point, i): Point => {
      if (i === 0 || i === current.length - 1) return point;
      const reach = Math.min(radius, i, current.length - 1 - i);
      let x = 0, y = 0;
      for (let j = i - reach; j <= i + reach; j++) { x += current[j]![0]; y += current[j]![1]; }
      return [x / (2 * reach + 1), y / (2 * reach + 1)];
    });
  }
  return current;
}

/** Ramer-Douglas-Peucker: the fewest points that stay within `epsilon` of the polyline. */
export function simplify(points: Point[], epsilon: number): Point[] {
  if (points.length <= 2) return points.slice();
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: Array<[number, number]> = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    const [ax, ay] = points[first]!, [bx, by] = points[last]!;
    const length = Math.hypot(bx - ax, by - ay);
    let worst = -1, worstDistance = epsilon;
    for (let i = first + 1; i < last; i++) {
      const [px, py] = points[i]!;
      const distance = length === 0 ? Math.hypot(px - ax, py - ay) : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length;
      if (distance > worstDistance) { worst = i; worstDistance = distance; }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([first, worst], [worst, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/**
 * The strokes of a greyscale image (`grey` 0..1, row by row): pixels at or above `threshold` are
 * ink. Returns polylines in the image's pixel coordinates (pixel centres at +0.5).
 */
export function traceStrokes(grey: ArrayLike<number>, width: number, height: number, options: { threshold: number; spurLength: number }): Point[][] {
  // A clear border of one pixel, so that the neighbour look-ups need no bounds checks.
  const w = width + 2, h = height + 2;
  const mask = new Uint8Array(w * h);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (grey[y * width + x]! >= options.threshold) mask[(y + 1) * w + x + 1] = 1;
  zhangSuen(mask, w, h);
  removeStaircases(mask, w, h);
  pruneSpurs(mask, w, h, options.spurLength);
  removeStaircases(mask, w, h);
  const { edges, loops } = traceEdges(mask, w);
  const strokes = [...joinThroughJunctions(edges, Math.max(3, options.spurLength)), ...loops];
  return strokes.map((stroke) => stroke.map(([x, y]): Point => [x - 0.5, y - 0.5]));
}
