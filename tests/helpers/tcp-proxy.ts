import net from "node:net";

/** A TCP relay we can cut and restore, to take a dependency "away" without touching the real one. */
export interface TcpProxy {
  port: number;
  /** Closes every relayed connection; until restored, new ones fail (see ProxyOptions.whileCut). */
  cut(): Promise<void>;
  /** Relays new connections again, on the same port. */
  restore(): Promise<void>;
  /** Resolves once `count` more connections have been tried while cut (whileCut "reset" only). */
  attempts(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface ProxyOptions {
  host?: string;
  /**
   * What a client trying to connect while cut meets. "refuse": nothing listens (ECONNREFUSED), as
   * when the service is down. "reset": the connection is accepted and closed at once, as behind a
   * load balancer whose backend is down; each attempt is counted, so a test can wait for a
   * client's reconnect attempts instead of guessing how long they take.
   */
  whileCut?: "refuse" | "reset";
}

export async function startTcpProxy(targetPort: number, { host = "127.0.0.1", whileCut = "refuse" }: ProxyOptions = {}): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let isCut = false;
  let attempted = 0;
  const waiters: Array<() => void> = [];
  const relay = (client: net.Socket) => {
    if (isCut) {
      attempted++;
      waiters.splice(0).forEach((wake) => wake());
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, host);
    sockets.add(client).add(upstream);
    const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream).pipe(client);
  };
  let server = net.createServer(relay);
  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
  const port = await listen(0);
  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    port,
    async cut() {
      isCut = true;
      dropAll();
      if (whileCut === "refuse") await stopListening();
    },
    async restore() {
      isCut = false;
      if (whileCut === "refuse") {
        server = net.createServer(relay);
        await listen(port);
      }
    },
    async attempts(count) {
      if (whileCut !== "reset") throw new Error('attempts are counted only with whileCut: "reset"');
      const target = attempted + count;
      while (attempted < target) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    async close() {
      dropAll();
      if (server.listening) await stopListening();
    },
  };
}
