import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import { createErrorFormatter } from "../graphql/format-error.ts";
import { bodyErrorHandler } from "./body-error-handler.ts";
import { clientIpResolver } from "./client-ip.ts";
import { httpDrain } from "./drain.ts";
import { graphqlPostHandler } from "./graphql-post.ts";
import { imageRoute, modelInputRoute } from "./image-route.ts";
import { MAX_REQUEST_BYTES, MAX_REQUEST_TEXT } from "./request-size.ts";
import { mountStaticSites } from "./static-sites.ts";
import { subscriptionsOverWebSocketOnly } from "../graphql/subscriptions-over-ws.plugin.ts";
import { startWebSocketServer } from "./websocket-server.ts";
import { createArmor, MAX_TOKENS } from "../graphql/armor.ts";
import { requestLogging, trackRequest } from "./request-logging.ts";
import { metricsPlugin } from "../graphql/metrics.plugin.ts";
import { createContext, type Context } from "../graphql/context.ts";
import type { Services } from "../services/services.ts";

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Below the idle timeout of common proxies and load balancers (60 s), so the server, not the
 * proxy, closes an idle keep-alive socket and the proxy never sends on one being closed.
 */
const KEEP_ALIVE_TIMEOUT_MS = 5000;


/** Express 5 + Apollo Server 5 + graphql-ws on ONE http server and port, path /graphql. */
export async function startServer(schema: GraphQLSchema, services: Services, onError?: (error: unknown) => void): Promise<RunningServer> {
  const { config, logger, metrics } = services;
  const log = (error: unknown) => {
    logger.error({ err: error }, "unexpected error");
    onError?.(error);
  };
  const app = express();
  app.disable("x-powered-by");
  app.use(requestLogging(logger));
  const httpServer = http.createServer({
    // Node refuses a headers timeout above the request timeout.
    headersTimeout: Math.min(config.headersTimeoutMs, config.requestTimeoutMs),
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // The timeouts are only checked this often (Node's default, 30 s, would add that much to them).
    connectionsCheckingInterval: Math.max(250, Math.min(5000, Math.floor(config.headersTimeoutMs / 4))),
  });
  const drain = httpDrain(httpServer, logger);
  const clientIp = clientIpResolver(config.trustProxy);
  const contextFor = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<Context> =>
    createContext({ services, clientIp: clientIp(req), authorization: req.headers.authorization, setHeader: (name, value) => res.setHeader(name, value) });

  const armor = createArmor(config.introspection);
  const wsCleanup = startWebSocketServer(httpServer, schema, services, armor.validationRules, clientIp, log);

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT (drain, then close the database); Apollo's own handler races it.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: MAX_TOKENS },
    validationRules: armor.validationRules,
    formatError: createErrorFormatter(log),
    plugins: [
      // graphql-armor is typed against Apollo's CommonJS build; the objects are the same.
      ...(armor.plugins as unknown as ApolloServerPlugin<Context>[]),
      metricsPlugin<Context>(metrics),
      // Apollo's own landing page loads from a CDN and fails offline; ours is served by static-sites.
      ApolloServerPluginLandingPageDisabled(),
      subscriptionsOverWebSocketOnly<Context>(),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();
  const graphqlPost = graphqlPostHandler(apollo, {
    path: "/graphql",
    bodyLimitBytes: MAX_REQUEST_BYTES,
    bodyLimitText: MAX_REQUEST_TEXT,
    context: contextFor,
    onRequest: (req, res) => trackRequest(logger, req, res),
    log,
  });
  httpServer.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    // One gate for both paths: while draining, a request is turned away before either runs it.
    if (!drain.admit(req, res)) return;
    if (!graphqlPost(req, res)) app(req, res);
  });

  app.get("/healthz", (_req, res) => { res.json({ status: "ok" }); });
  app.get("/readyz", async (_req, res) => {
    try {
      await services.db.ping();
      res.json({ status: "ready", database: services.db.kind, model: services.models.current().version });
    } catch {
      res.status(503).json({ status: "unavailable", database: "unreachable" });
    }
  });
  app.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  // The extension follows the stored format; either name serves the image with its true type.
  app.get("/predictions/:id/image.png", imageRoute(services));
  app.get("/predictions/:id/image.jpg", imageRoute(services));
  app.get("/predictions/:id/input.png", modelInputRoute(services, clientIp));
  mountStaticSites(app, config.clientDist, config.ide ? config.ideDist : null);
  app.use(
    "/graphql",
    express.json({ limit: MAX_REQUEST_TEXT }),
    // Everything graphqlPost does not take: GET queries, other content types, compressed bodies.
    expressMiddleware(apollo, { context: ({ req, res }) => contextFor(req, res) }),
  );
  app.use(bodyErrorHandler(MAX_REQUEST_TEXT, log));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  services.links.listening(config.host, port);
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    async close() {
      await drain.drain(config.shutdownTimeoutMs);
      // After the drain, so no operation reaches a stopped Apollo; its drainServer hook closes
      // the WebSockets (1001, going away).
      await apollo.stop();
    },
  };
}
