/**
 * Rate limiting per API client: a token bucket in memory, so a request pays no database round
 * trip for it. The limit holds per app node: with N nodes behind a load balancer a client can
 * reach up to N times API_RATE_LIMIT_PER_MINUTE.
 */
import { Inject, Injectable } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { ProblemException } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets are pruned (full ones dropped) when there are more than this many clients. */
const PRUNE_ABOVE = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    windowMs = 60_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = capacity / windowMs;
  }

  /** Takes a token: 0 when allowed, else the seconds until the next token. */
  take(key: string): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000));
  }

  private prune(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
  }
}

export class RateLimitedProblem extends ProblemException {
  constructor(retryAfter: number, limit: number) {
    super(429, 'rate-limited', 'Too many requests', `At most ${limit} requests a minute per API client. Try again in ${retryAfter} s.`, {
      retryAfter,
    });
  }
}

@Injectable()
export class ApiRateLimiter {
  private readonly buckets: TokenBuckets;
  readonly perMinute: number;

  constructor(@Inject(APP_CONFIG) config: ResolvedConfig) {
    this.perMinute = config.apiRateLimitPerMinute;
    this.buckets = new TokenBuckets(this.perMinute);
  }

  /** Throws a 429 problem (with Retry-After) when the client has used up its minute. */
  check(clientName: string): void {
    const wait = this.buckets.take(clientName);
    if (wait > 0) throw new RateLimitedProblem(wait, this.perMinute);
  }
}
