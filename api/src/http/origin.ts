/** An origin as browsers send it: lower case, no trailing slash. */
const normalize = (origin: string) => origin.trim().toLowerCase().replace(/\/+$/, "");

/**
 * Whether a WebSocket upgrade's Origin may open a socket. Browsers always send Origin and do not
 * apply CORS to WebSockets, so this is the socket's CSRF protection; clients that send no Origin
 * (scripts, Node's ws) cannot carry a victim's cookies or credentials and are let through.
 * Same origin: the Origin's host:port equals the request's Host (nginx and the vite dev proxy pass
 * or set it). `allowed` lists other origins exactly, or "*" for any.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes("*") || allowed.some((entry) => normalize(entry) === normalize(origin))) return true;
  if (!host) return false;
  try {
    const url = new URL(origin);
    // The Host header as a URL of the Origin's scheme, so that a default port compares equal either way.
    return url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    return false; // "null" (sandboxed frames, file:) and anything else that is not a URL
  }
}
