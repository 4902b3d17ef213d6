/**
 * Absolute URLs of what the server serves (a prediction's images), built from the configured
 * public address: never from a request's Host header, which any client may set.
 */
export class PublicLinks {
  constructor(private base: string | undefined) {}

  /** Without a configured address, the local one: known once the server listens. */
  listening(host: string, port: number): void {
    const name = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
    this.base ??= `http://${name}:${port}`;
  }

  absolute(path: string): string {
    return this.base === undefined ? path : `${this.base}${path}`;
  }
}
