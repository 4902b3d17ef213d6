import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/**
 * The caller's address for rate limits and logs, by the same rule as Express's "trust proxy"
 * setting: behind nginx or a load balancer it comes from X-Forwarded-For, for hops we trust.
 */
export function clientIpResolver(trustProxy: number | string | false): (req: IncomingMessage) => string {
  const trust =
    trustProxy === false
      ? () => false
      : typeof trustProxy === "number"
        ? (_address: string, hop: number) => hop < trustProxy
        : proxyaddr.compile(trustProxy.split(",").map((entry) => entry.trim()));
  return (req) => (req.socket.remoteAddress ? proxyaddr(req, trust) : "unknown");
}
