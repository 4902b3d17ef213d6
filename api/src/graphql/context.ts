import type { Principal } from "../domain/principal.ts";
import type { Services } from "../services/services.ts";

/** What every resolver receives. */
export interface Context {
  services: Services;
  /** The caller's address, for rate limiting and logs. */
  clientIp: string;
  /**
   * Who is calling, from their API key: null without one. Checked on first use only, so the
   * public operations never pay for a key lookup (or fail on a bad key they do not need).
   */
  principal(): Promise<Principal | null>;
  /** Sets an HTTP response header (absent over WebSocket). */
  setHeader?: (name: string, value: string) => void;
}

export interface ContextSource {
  services: Services;
  clientIp: string;
  /** The Authorization header (HTTP) or connection parameter (WebSocket), as sent. */
  authorization: string | undefined;
  setHeader?: (name: string, value: string) => void;
}

export function createContext({ services, clientIp, authorization, setHeader }: ContextSource): Context {
  let principal: Promise<Principal | null> | undefined;
  return {
    services,
    clientIp,
    principal: () => (principal ??= services.apiKeys.authenticate(authorization, clientIp)),
    ...(setHeader ? { setHeader } : {}),
  };
}
