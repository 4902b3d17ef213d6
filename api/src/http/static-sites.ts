import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Express } from "express";
import { precompressedAssets } from "./precompressed.ts";

const PLACEHOLDER = `<!doctype html><meta charset="utf-8"><title>Digit recognizer</title>
<p>The client is not built. Run <code>npm run build</code>, or use the API at <a href="/graphql">/graphql</a>.</p>`;

/** Serves the built React app at / and the GraphQL IDE at /graphql (browsers) and /playground. */
export function mountStaticSites(app: Express, clientDist: string, ideDist: string | null): void {
  if (ideDist && existsSync(path.join(ideDist, "index.html"))) {
    // Vite names assets by content hash: they never change under the same name.
    app.use("/ide/assets", precompressedAssets(path.join(ideDist, "assets")));
    app.use("/ide/assets", express.static(path.join(ideDist, "assets"), { maxAge: "1y", immutable: true }));
    app.use("/ide", express.static(ideDist, { maxAge: 0 }));
    const openIde = (_req: express.Request, res: express.Response) => res.sendFile(path.join(ideDist, "index.html"));
    app.get("/playground", openIde);
    // A browser opening /graphql gets the IDE; API clients (POST, JSON GET) get the API.
    app.get("/graphql", (req, res, next) => (req.accepts(["application/json", "text/html"]) === "text/html" && !req.query.query ? openIde(req, res) : next()));
  }
  const index = path.join(clientDist, "index.html");
  if (existsSync(index)) {
    app.use("/assets", precompressedAssets(path.join(clientDist, "assets")));
    app.use("/assets", express.static(path.join(clientDist, "assets"), { maxAge: "1y", immutable: true }));
    app.use(express.static(clientDist, { index: false, maxAge: 0 }));
    app.get("/", (_req, res) => res.sendFile(index));
  } else {
    app.get("/", (_req, res) => res.type("html").send(PLACEHOLDER));
  }
}
