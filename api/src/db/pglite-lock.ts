import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

/** Whether a process with this id runs (EPERM: it runs, as another user). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file with the owner's process id keeps a second server, or `npm run admin`, out while
 * one runs. A lock whose process is gone (a crash, or a container restarted with the same id) is
 * taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, "pglite.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(file, "utf8").trim());
    } catch {
      continue; // released between our open and our read: try again
    }
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && running(owner)) {
      throw new Error(`The embedded database in ${dataDir} is in use by process ${owner} (a server?). Stop that process first, or set DATABASE_URL to use PostgreSQL.`);
    }
    rmSync(file, { force: true });
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}`);
}
