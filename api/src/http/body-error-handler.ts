import type { NextFunction, Request, Response } from "express";

export type BodyProblem = "too-large" | "malformed" | "internal";

/** The GraphQL-shaped answer (status and JSON) when a request body cannot be read. */
export function bodyErrorResponse(problem: BodyProblem, bodyLimit: string, malformedStatus = 400): { status: number; json: string } {
  const [status, code, message] =
    problem === "too-large"
      ? [413, "REQUEST_TOO_LARGE", `Request bodies may be at most ${bodyLimit}`]
      : problem === "malformed"
        ? [malformedStatus, "BAD_REQUEST", "Malformed request"]
        : [500, "INTERNAL_SERVER_ERROR", "Internal server error"];
  return { status, json: JSON.stringify({ errors: [{ message, extensions: { code } }] }) };
}

/** Body parser failures (too large, broken JSON) still answer in GraphQL's shape, with a code. */
export function bodyErrorHandler(bodyLimit: string, log: (error: unknown) => void) {
  return (error: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const problem: BodyProblem = error.type === "entity.too.large" ? "too-large" : error.status && error.status < 500 ? "malformed" : "internal";
    if (problem === "internal") log(error);
    const { status, json } = bodyErrorResponse(problem, bodyLimit, error.status);
    res.status(status).type("application/json").send(json);
  };
}
