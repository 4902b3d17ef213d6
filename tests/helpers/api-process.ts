// The API as its own OS process: shared with the bench, which lives in scripts/lib.
export { freePort, startApiProcess, type ApiProcess } from "../../scripts/lib/api-process.ts";
