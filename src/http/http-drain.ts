/**
 * Stopping the HTTP server without cutting a request: from `drain()` on, every response carries
 * `Connection: close` (so a keep-alive client gets its answer and then a closed connection, never
 * a request cut off), new connections are refused, connections still open after the grace
 * period are closed once idle, and the drain ends when the last in-flight request has answered
 * (or at the deadline, when whatever is still open is closed).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';

export interface DrainOptions {
  /** How long open keep-alive connections may still send a request (answered with Connection: close). */
  graceMs: number;
  /** When in-flight requests are no longer waited for. */
  deadlineMs: number;
}

export class HttpDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private readonly sockets = new Set<import('node:net').Socket>();
  private idle?: () => void;
  private draining?: Promise<void>;
  stopping = false;

  constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // Before the application's own listener, so the header is set before any handler answers.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      this.inFlight.add(res);
      if (this.stopping) res.setHeader('Connection', 'close');
      res.on('close', () => {
        this.inFlight.delete(res);
        if (!this.inFlight.size) this.idle?.();
      });
    });
  }

  drain(options: DrainOptions): Promise<void> {
    this.draining ??= this.run(options);
    return this.draining;
  }

  private async run({ graceMs, deadlineMs }: DrainOptions): Promise<void> {
    this.stopping = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    // Stop listening, but leave open connections be for the grace period (http.Server#close would
    // also close the idle keep-alive ones at once).
    if (this.server.listening) NetServer.prototype.close.call(this.server);
    const until = Date.now() + graceMs;
    while (this.sockets.size && Date.now() < until) await sleep(Math.min(50, graceMs));
    this.server.closeIdleConnections();
    if (this.inFlight.size) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadlineMs - graceMs));
        this.idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.server.closeAllConnections();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
