/**
 * At most 30 attempts a minute per client address on the personal links (/c/, /v/) (GET and POST), so a
 * token cannot be guessed by trying. A fixed one-minute window per address, in memory on each
 * node (a guess needs 2^256 tries; the limit only has to make trying pointless).
 */
import { Injectable, Module } from '@nestjs/common';

export const LINK_ATTEMPTS_PER_MINUTE = 30;
const WINDOW_MS = 60_000;
const MAX_TRACKED = 50_000;

@Injectable()
export class LinkRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly limit = LINK_ATTEMPTS_PER_MINUTE) {}

  /** Counts an attempt; false when the address is over the limit in the current minute. */
  allow(address: string, nowMs: number): boolean {
    const w = this.windows.get(address);
    if (!w || nowMs - w.start >= WINDOW_MS) {
      if (this.windows.size >= MAX_TRACKED) this.prune(nowMs);
      this.windows.set(address, { start: nowMs, count: 1 });
      return true;
    }
    w.count += 1;
    return w.count <= this.limit;
  }

  /** Forgets every address (tests). */
  reset(): void {
    this.windows.clear();
  }

  private prune(nowMs: number): void {
    for (const [key, w] of this.windows) if (nowMs - w.start >= WINDOW_MS) this.windows.delete(key);
    if (this.windows.size >= MAX_TRACKED) this.windows.clear();
  }
}

/** One limiter per node for every personal link (/c/ and /v/): import this module, never provide a second instance. */
@Module({
  providers: [{ provide: LinkRateLimiter, useFactory: () => new LinkRateLimiter() }],
  exports: [LinkRateLimiter],
})
export class LinkRateLimiterModule {}
