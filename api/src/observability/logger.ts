import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs on stdout. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "digits-api" }, timestamp: pino.stdTimeFunctions.isoTime });
}

/** Gives every request an id (kept from X-Request-Id when sent), echoes it, and logs the outcome. */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get("x-request-id");
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", requestId);
    const started = performance.now();
    res.on("finish", () => {
      const entry = { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started), ip: req.socket.remoteAddress };
      if (res.statusCode >= 500) logger.error(entry, "request failed");
      else logger.debug(entry, "request");
    });
    next();
  };
}
