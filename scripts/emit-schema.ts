import { writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../config.ts";
import { buildAppSchema } from "./build-schema.ts";
import { printAppSchema } from "./print-schema.ts";

/** Writes api/schema.graphql from the code (npm run schema:emit). A test fails when it drifts. */
const target = path.join(repoRoot, "api", "schema.graphql");
await writeFile(target, printAppSchema(await buildAppSchema()));
console.log(`wrote ${path.relative(repoRoot, target)}`);
