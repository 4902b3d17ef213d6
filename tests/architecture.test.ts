import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../api/src/config.ts";

/*
 * The API's layers, from the outside in. A file may import from its own folder or from a layer
 * below its own, never from one above: transport knows GraphQL, GraphQL knows the services, the
 * services know the parts they orchestrate, and nothing below knows who calls it.
 */
const LAYERS: ReadonlyArray<{ name: string; units: string[] }> = [
  { name: "entry", units: ["main.ts"] },
  { name: "http", units: ["http"] },
  { name: "graphql", units: ["graphql"] },
  { name: "services", units: ["services"] },
  { name: "parts", units: ["inference", "db", "events", "limits"] },
  { name: "base", units: ["domain", "lib", "observability", "config.ts", "generated"] },
];

const src = path.join(repoRoot, "api", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** The top-level folder (or file) of api/src a path belongs to. */
const unitOf = (file: string) => path.relative(src, file).split(path.sep)[0]!;
const layerOf = (unit: string) => {
  const rank = LAYERS.findIndex((layer) => layer.units.includes(unit));
  if (rank < 0) throw new Error(`api/src/${unit} belongs to no layer: add it to LAYERS`);
  return rank;
};

/** Relative imports of a file: static, type-only, re-exports and dynamic import(). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => path.resolve(path.dirname(file), specifier));
}

describe("the API's import graph", () => {
  const files = sourceFiles(src);
  const edges = files.flatMap((from) => importsOf(from).map((to) => ({ from, to })));

  it("finds the source files and their imports", () => {
    expect(files.length).toBeGreaterThan(40);
    expect(edges.length).toBeGreaterThan(100);
  });

  it("points one way: no file imports from a layer above its own", () => {
    const upward = edges
      .filter(({ from, to }) => to.startsWith(src) && unitOf(from) !== unitOf(to) && layerOf(unitOf(to)) <= layerOf(unitOf(from)))
      .map(({ from, to }) => `${path.relative(src, from)} -> ${path.relative(src, to)}`);
    expect(upward).toEqual([]);
  });

  it("stays inside api/src (no imports from scripts or tests)", () => {
    const outside = edges.filter(({ to }) => !to.startsWith(src + path.sep)).map(({ from, to }) => `${path.relative(src, from)} -> ${to}`);
    expect(outside).toEqual([]);
  });
});
