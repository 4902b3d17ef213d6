import type { NextFunction, Request, Response } from "express";

/** Body parser failures (too large, broken JSON) still answer in GraphQL's shape, with a code. */
export function bodyErrorHandler(bodyLimit: string, log: (error: unknown) => void) {
  return (error: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const tooLarge = error.type === "entity.too.large";
    const status = tooLarge ? 413 : error.status && error.status < 500 ? error.status : 500;
    if (status >= 500) log(error);
    const code = tooLarge ? "REQUEST_TOO_LARGE" : status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR";
    const message = tooLarge ? `Request bodies may be at most ${bodyLimit}` : status < 500 ? "Malformed request" : "Internal server error";
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
