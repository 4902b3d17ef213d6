import type http from "node:http";
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import { CloseCode, handleProtocols, makeServer, type Context as WsContext, type SubscribePayload } from "graphql-ws";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { ErrorCode } from "../lib/errors.ts";
import { rateLimited } from "../graphql/rate-limit.middleware.ts";
import { createErrorFormatter } from "../graphql/format-error.ts";
import { hideFieldSuggestions, MAX_TOKENS } from "../graphql/armor.ts";
import { errorCodeLabel, operationLabel } from "../graphql/metrics.plugin.ts";
import { createContext, type Context } from "../graphql/context.ts";
import type { Services } from "../services/services.ts";
import { originAllowed } from "./origin.ts";
import { MAX_REQUEST_BYTES } from "./request-size.ts";
import { closeOrCut, SLOW_CONSUMER_CLOSE_CODE, SocketsPerClient } from "./websocket-limits.ts";

/** A socket that answers no ping within this long is gone (graphql-ws's own default). */
const KEEPALIVE_MS = 12_000;

interface Extra {
  socket: WebSocket;
  request: http.IncomingMessage;
  clientIp: string;
}

/** Apollo's rule for BAD_USER_INPUT: the error is about a variable's value, not the server. */
function isVariableError(error: GraphQLError): boolean {
  return error.nodes?.length === 1 && error.nodes[0]!.kind === Kind.VARIABLE_DEFINITION && /^Variable "\$/.test(error.message);
}

/** An API key sent in connection_init, as `authorization` (or `Authorization`): "Bearer <key>". */
function authorizationParam(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === "string" ? value : undefined;
}

const withCode = (error: GraphQLError, code: string) =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });

/**
 * graphql-ws on the HTTP server's /graphql path, held to what HTTP requests are held to: the same
 * validation rules, error formatter, rate limit and CSRF protection (an Origin check), plus limits
 * only a long-lived socket needs. Returns what disposes it.
 *
 * Refusals: an Origin that is neither this server's nor in ALLOWED_ORIGINS gets HTTP 403, and a
 * client address already holding wsMaxSocketsPerClient sockets gets HTTP 429, both before the
 * socket opens (no resources held, a log line each). A subscribe past wsMaxSubscriptionsPerSocket
 * or the rate limit gets a RATE_LIMITED error for that operation; the socket stays open. A socket
 * whose unsent data passes wsMaxBufferedBytes is closed with 1013 and cut if it does not finish
 * closing (see websocket-limits.ts).
 */
export function startWebSocketServer(
  httpServer: http.Server,
  schema: GraphQLSchema,
  services: Services,
  rules: ValidationRule[],
  clientIp: (req: http.IncomingMessage) => string,
  log: (error: unknown) => void,
) {
  const { config, logger, metrics, rateLimiter } = services;
  const formatError = createErrorFormatter(log);
  // What Apollo runs on HTTP: graphql-js's rules, graphql-armor's, and no introspection when it is off.
  const validationRules = [...specifiedRules, ...rules, ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  const sockets = new SocketsPerClient(config.wsMaxSocketsPerClient);

  /** Formats as Apollo does before formatError: a code on every error, no HTTP hints, suggestions hidden when introspection is off. */
  const format = (error: GraphQLError): GraphQLFormattedError => {
    const { http: _http, ...extensions } = error.extensions;
    const code = extensions.code ?? (isVariableError(error) ? "BAD_USER_INPUT" : ErrorCode.INTERNAL_SERVER_ERROR);
    const json = error.toJSON();
    const message = config.introspection ? json.message : hideFieldSuggestions(json.message);
    let formatted: GraphQLFormattedError;
    try {
      formatted = formatError({ ...json, message, extensions: { ...extensions, code } }, error);
    } catch {
      formatted = { message: "Internal server error", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
    metrics.errors.inc({ code: errorCodeLabel(formatted.extensions?.code) });
    return formatted;
  };

  // Built once: a flood of subscribes past the cap is refused without building an error (and its stack) each.
  const tooMany = rateLimited(`At most ${config.wsMaxSubscriptionsPerSocket} operations may be active on one WebSocket; complete one first`);

  const refuse = (code: string) => (error: unknown) =>
    withCode(error instanceof GraphQLError ? error : new GraphQLError(String(error)), code);

  const server = makeServer<Record<string, unknown> | undefined, Extra>({
    schema,
    onSubscribe: async (ctx: WsContext<Record<string, unknown> | undefined, Extra>, _id: string, payload: SubscribePayload) => {
      // graphql-ws has already registered this id, so the count includes it. Queries and mutations
      // in flight count too: each holds memory until it is answered.
      if (Object.keys(ctx.subscriptions).length > config.wsMaxSubscriptionsPerSocket) return [tooMany];
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: MAX_TOKENS });
      } catch (error) {
        metrics.requests.inc({ operation: "invalid", type: "unknown" });
        return [refuse("GRAPHQL_PARSE_FAILED")(error)];
      }
      const invalid = validate(schema, document, validationRules);
      if (invalid.length > 0) {
        metrics.requests.inc({ operation: "invalid", type: "unknown" });
        return invalid.map(refuse("GRAPHQL_VALIDATION_FAILED"));
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) {
        metrics.requests.inc({ operation: "invalid", type: "unknown" });
        const message = payload.operationName ? `Unknown operation named "${payload.operationName}".` : "Must provide operation name if query contains multiple operations.";
        return [new GraphQLError(message, { extensions: { code: "OPERATION_RESOLUTION_FAILURE" } })];
      }
      metrics.requests.inc({ operation: operationLabel(operation, document), type: operation.operation });
      // Queries and mutations are charged by their resolvers (RateLimit middleware), as on HTTP.
      if (operation.operation === "subscription") {
        const verdict = await rateLimiter.consume(ctx.extra.clientIp, 1);
        if (!verdict.allowed) {
          return [rateLimited(`Too many requests: try again in ${verdict.retryAfter} s`, verdict.retryAfter)];
        }
      }
      const contextValue: Context = createContext({ services, clientIp: ctx.extra.clientIp, authorization: authorizationParam(ctx.connectionParams) });
      return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
    },
    onNext: (_ctx, _id, _payload, _args, result) => (result.errors?.length ? { ...result, errors: result.errors.map(format) } : undefined),
    onError: (_ctx, _id, _payload, errors) => errors.map(format),
  });

  const wsServer = new WebSocketServer({
    server: httpServer,
    path: "/graphql",
    maxPayload: MAX_REQUEST_BYTES,
    handleProtocols,
    // Called back synchronously, so the upgrade completes (and is counted) before the next one is checked.
    verifyClient: ({ origin, req }, done) => {
      const client = clientIp(req);
      if (!originAllowed(origin, req.headers.host, config.allowedOrigins)) {
        logger.warn({ clientIp: client, origin, host: req.headers.host }, "WebSocket refused: origin not allowed");
        return done(false, 403, "Origin not allowed");
      }
      if (!sockets.hasRoom(client)) {
        logger.warn({ clientIp: client, limit: sockets.max }, "WebSocket refused: too many open sockets from this address");
        return done(false, 429, "Too many WebSockets from this address");
      }
      done(true);
    },
  });

  // ws re-emits the HTTP server's errors here; server.ts handles those, and an unheard 'error' would throw.
  wsServer.on("error", (error) => logger.error({ err: error }, "WebSocket server error"));

  wsServer.on("connection", (socket: WebSocket, request: http.IncomingMessage) => {
    const client = clientIp(request);
    sockets.track(client, socket);
    // ws closes the socket itself on protocol errors (bad frames, oversized messages); this only keeps them from being thrown.
    socket.on("error", (error) => logger.debug({ clientIp: client, err: error }, "WebSocket error"));

    let pongWait: NodeJS.Timeout | undefined;
    const pinger = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEPALIVE_MS);
      socket.once("pong", () => clearTimeout(pongWait));
      socket.ping();
    }, KEEPALIVE_MS);

    const closed = server.opened(
      {
        protocol: socket.protocol,
        // Not waiting for the peer to take the data: graphql-ws would then stall each subscription
        // while its events pile up in the pub/sub's per-subscriber queue, out of sight. The backlog
        // lands here instead, where bufferedAmount measures it and the limit applies.
        send: (data) => {
          if (socket.readyState !== socket.OPEN) return;
          socket.send(data);
          if (socket.bufferedAmount > config.wsMaxBufferedBytes) {
            logger.warn({ clientIp: client, bufferedBytes: socket.bufferedAmount, limit: config.wsMaxBufferedBytes }, "WebSocket closed: slow consumer");
            closeOrCut(socket, SLOW_CONSUMER_CLOSE_CODE, "Slow consumer: too much unsent data");
          }
        },
        close: (code, reason) => closeOrCut(socket, code ?? 1000, reason ?? ""),
        onMessage: (handle) => {
          let yielding = false;
          socket.on("message", (data: RawData) => {
            // One read's worth of messages per turn of the event loop: a burst of thousands from one
            // socket is taken in slices, with other sockets and HTTP requests served in between.
            if (!yielding) {
              yielding = true;
              socket.pause();
              setImmediate(() => {
                yielding = false;
                socket.resume();
              });
            }
            handle(String(data)).catch((error: unknown) => {
              log(error);
              closeOrCut(socket, CloseCode.InternalServerError, "Internal server error");
            });
          });
        },
      },
      { socket, request, clientIp: client },
    );

    socket.once("close", (code, reason) => {
      clearInterval(pinger);
      clearTimeout(pongWait);
      closed(code, String(reason)).catch(log);
    });
  });

  return {
    async dispose() {
      for (const socket of wsServer.clients) closeOrCut(socket, 1001, "Going away");
      await new Promise<void>((resolve, reject) => wsServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
