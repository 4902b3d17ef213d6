import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../observability/logger.ts";

/**
 * Gives a request an id (kept from X-Request-Id when sent), echoes it, and logs the outcome. Plain
 * node types: used by Express for most routes and by the GraphQL POST handler that skips Express.
 */
export function trackRequest(logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  const incoming = req.headers["x-request-id"];
  const requestId = typeof incoming === "string" && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader("X-Request-Id", requestId);
  const started = performance.now();
  const path = (req.url ?? "/").split("?", 1)[0]; // now: Express rewrites req.url inside mounted routers
  res.on("finish", () => {
    const entry = { requestId, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started), ip: req.socket.remoteAddress };
    if (res.statusCode >= 500) logger.error(entry, "request failed");
    else logger.debug(entry, "request");
  });
}

/** trackRequest as Express middleware. */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    trackRequest(logger, req, res);
    next();
  };
}
