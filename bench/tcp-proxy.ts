import net from "node:net";

export type ProxyMode = "open" | "paused" | "dropped";

/**
 * A TCP forwarder between the app and PostgreSQL whose traffic the benchmark controls:
 * "paused" holds every byte (a network partition: sockets stay open, nothing arrives),
 * "dropped" resets every connection and refuses new ones (the server is gone).
 */
export class TcpProxy {
  private mode: ProxyMode = "open";
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  private readonly server: net.Server;

  constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.port, "127.0.0.1", () => resolve());
    });
  }

  private accept(client: net.Socket): void {
    if (this.mode === "dropped") {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    const pair = { client, upstream };
    this.pairs.add(pair);
    const close = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
    client.pipe(upstream);
    upstream.pipe(client);
    if (this.mode === "paused") this.hold(pair);
  }

  private hold(pair: { client: net.Socket; upstream: net.Socket }): void {
    pair.client.pause();
    pair.upstream.pause();
    pair.client.unpipe(pair.upstream);
    pair.upstream.unpipe(pair.client);
  }

  set(mode: ProxyMode): void {
    const previous = this.mode;
    this.mode = mode;
    for (const pair of this.pairs) {
      if (mode === "dropped") {
        pair.client.resetAndDestroy();
        pair.upstream.destroy();
      } else if (mode === "paused" && previous !== "paused") this.hold(pair);
      else if (mode === "open" && previous === "paused") {
        pair.client.pipe(pair.upstream);
        pair.upstream.pipe(pair.client);
        pair.client.resume();
        pair.upstream.resume();
      }
    }
  }

  close(): Promise<void> {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
