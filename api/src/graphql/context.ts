import type { Services } from "../services/services.ts";

/** What every resolver receives. */
export interface Context {
  services: Services;
  /** The caller's address, for rate limiting and logs. */
  clientIp: string;
  /** Sets an HTTP response header (absent over WebSocket). */
  setHeader?: (name: string, value: string) => void;
}
