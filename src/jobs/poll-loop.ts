/**
 * A worker's poll loop: run a round, wait, run again; at once again when the round found a full
 * batch. Rounds never overlap (a concurrent `runOnce` shares the round in flight), and `stop`
 * waits for the round in flight. The durable state lives in the worker's table (claimed with
 * SKIP LOCKED and a lease), so any number of nodes can poll the same table.
 */
import type { Logger } from 'pino';
import { describeError } from '../common/error-text.js';

export interface PollLoopOptions<R> {
  /** For the log line of a failed round, e.g. 'outbox'. */
  name: string;
  intervalMs: number;
  logger: Logger;
  round: () => Promise<R>;
  /** True when the round left work waiting: the next round starts at once. */
  busy: (result: R) => boolean;
}

export class PollLoop<R> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<R>;
  private started = false;
  private stopping?: Promise<void>;
  stopped = false;

  constructor(private readonly options: PollLoopOptions<R>) {}

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(0);
  }

  /** One round; concurrent calls share the round in progress. */
  runOnce(): Promise<R> {
    this.running ??= this.options.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops polling and waits for the round in flight. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      await this.running?.catch(() => undefined);
    })();
    return this.stopping;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runOnce()
        .then((result) => this.schedule(this.options.busy(result) ? 0 : this.options.intervalMs))
        .catch((err: unknown) => {
          this.options.logger.error({ err: { message: describeError(err) } }, `${this.options.name} poll failed`);
          this.schedule(this.options.intervalMs);
        });
    }, delay);
    this.timer.unref?.();
  }
}
