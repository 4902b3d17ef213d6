import { writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../api/src/config.ts";
import { buildAppSchema } from "../api/src/graphql/build-schema.ts";
import { printAppSchema } from "../api/src/graphql/print-schema.ts";

/** Writes api/schema.graphql from the code (npm run schema:emit). A test fails when it drifts. */
const target = path.join(repoRoot, "api", "schema.graphql");
await writeFile(target, printAppSchema(await buildAppSchema()));
console.log(`wrote ${path.relative(repoRoot, target)}`);
