// Entry of a TypeScript worker thread under tsx (dev, tests). A worker started on a .ts file,
// or importing one, is refused before tsx's ESM loader is ready in the new thread; tsx's
// require hook is ready at once, so the module is required (Node loads ES modules that way too).
const { workerData } = require("node:worker_threads");
const { fileURLToPath } = require("node:url");

require(fileURLToPath(workerData.entry));
