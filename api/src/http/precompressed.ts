import { existsSync } from "node:fs";
import path from "node:path";
import type { NextFunction, Request, Response } from "express";

/** Preferred first: Brotli is smaller than gzip for the same script. */
const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;

/**
 * Serves the build's precompressed copy of an asset (written beside it at build time) to a browser
 * that accepts its encoding; anything else falls through to the plain file. Content hashes in the
 * names make every asset immutable.
 */
export function precompressedAssets(dir: string) {
  const root = path.resolve(dir);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    let file: string;
    try {
      file = path.resolve(root, `.${decodeURIComponent(req.path)}`);
    } catch {
      return next(); // a malformed escape: the static handler answers it
    }
    if (!file.startsWith(root + path.sep)) return next();
    res.vary("Accept-Encoding");
    const accepted = req.acceptsEncodings(ENCODINGS.map((e) => e.name));
    const encoding = ENCODINGS.find((e) => e.name === accepted && existsSync(file + e.suffix));
    if (!encoding) return next();
    res.type(path.extname(file));
    res.set("Content-Encoding", encoding.name);
    res.sendFile(file + encoding.suffix, { maxAge: "1y", immutable: true }, (error) => error && next(error));
  };
}
