import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { bodyErrorResponse } from "./body-error-handler.ts";

export interface GraphqlPostOptions<Context> {
  path: string;
  bodyLimitBytes: number;
  /** The limit as people read it, for the 413 message. */
  bodyLimitText: string;
  context: (req: IncomingMessage, res: ServerResponse) => Promise<Context>;
  /** Called first for every request taken (request id, logging). */
  onRequest: (req: IncomingMessage, res: ServerResponse) => void;
  log: (error: unknown) => void;
}

/**
 * GraphQL over HTTP for the common request, a JSON POST, handed straight to Apollo: Express's
 * router, body parser and response helpers cost main-thread CPU on every request, and the main
 * thread is what limits throughput (docs/benchmarks.md). Returns false for requests it does not
 * take (other methods, paths, content types, compressed bodies), which go to Express.
 */
export function graphqlPostHandler<Context extends BaseContext>(apollo: ApolloServer<Context>, options: GraphqlPostOptions<Context>) {
  const send = (res: ServerResponse, { status, json }: { status: number; json: string }) => {
    res.statusCode = status;
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.end(json);
  };

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req, options.bodyLimitBytes);
    if (raw === "too-large") return send(res, bodyErrorResponse("too-large", options.bodyLimitText));
    const body = parseJsonBody(raw);
    if (body === undefined) return send(res, bodyErrorResponse("malformed", options.bodyLimitText));
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: "POST", headers, search: "", body },
      context: () => options.context(req, res),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!takes(req, options.path)) return false;
    options.onRequest(req, res);
    respond(req, res).catch((error: unknown) => {
      if (isAbort(error)) return; // the client went away; nothing to answer
      options.log(error);
      if (!res.headersSent) send(res, bodyErrorResponse("internal", options.bodyLimitText));
      else res.destroy();
    });
    return true;
  };
}

/** A POST to exactly `path` with an uncompressed JSON body in UTF-8 (what clients send). */
function takes(req: IncomingMessage, path: string): boolean {
  if (req.method !== "POST" || req.url !== path) return false;
  const encoding = req.headers["content-encoding"];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== "identity") return false;
  const [type = "", ...params] = (req.headers["content-type"] ?? "").split(";");
  if (type.trim().toLowerCase() !== "application/json") return false;
  return params.every((param) => {
    const [name = "", value = ""] = param.split("=");
    return name.trim().toLowerCase() !== "charset" || /^"?utf-8"?$/i.test(value.trim());
  });
}

class AbortedRequest extends Error {}
const isAbort = (error: unknown) => error instanceof AbortedRequest || (error as { code?: string } | null)?.code === "ECONNRESET";

/** The whole body, or "too-large" as soon as it is known to pass the limit (the rest is not kept). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
  if (Number(req.headers["content-length"]) > limit) return Promise.resolve("too-large");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      resolve("too-large");
    };
    const onEnd = () => { stop(); resolve(Buffer.concat(chunks, size)); };
    const onError = (error: Error) => { stop(); reject(error); };
    const onClose = () => { stop(); reject(new AbortedRequest("request closed before its body ended")); };
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/** Like Express's strict JSON parser: an object or an array; an empty body is {}; else undefined. */
function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString("utf8").replace(/^\uFEFF/, "");
  if (text.trim() === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
