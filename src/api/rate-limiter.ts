/**
 * Rate limiting per API client: a token bucket in memory, so a request pays no database round
 * trip for it. The limit holds per app node: with N nodes behind a load balancer a client can
 * reach up to N times API_RATE_LIMIT_PER_MINUTE. Per client address: the API routes without a key
 * (API_PUBLIC_RATE_LIMIT_PER_MINUTE) and failed authentications (API_AUTH_FAILURES_PER_MINUTE).
 * Responses carry the IETF RateLimit-Policy and RateLimit fields
 * (draft-ietf-httpapi-ratelimit-headers: `"client";q=600;w=60` and `"client";r=599;t=1`).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
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

  /** Whole tokens left for the key and the seconds until its bucket is full again (no token taken). */
  status(key: string): { remaining: number; resetSeconds: number } {
    const bucket = this.buckets.get(key);
    if (!bucket) return { remaining: this.capacity, resetSeconds: 0 };
    const tokens = Math.min(this.capacity, bucket.tokens + (this.now() - bucket.at) * this.perMs);
    return { remaining: Math.floor(tokens), resetSeconds: Math.ceil((this.capacity - tokens) / this.perMs / 1000) };
  }

  /** Seconds until the key has a token again (0: it has one now); takes none. */
  waitFor(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = Math.min(this.capacity, bucket.tokens + (this.now() - bucket.at) * this.perMs);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }

  private prune(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    }
  }
}

export class RateLimitedProblem extends ProblemException {
  constructor(retryAfter: number, limit: number, what = 'requests a minute per API client') {
    super(429, 'rate-limited', 'Too many requests', `At most ${limit} ${what}. Try again in ${retryAfter} s.`, {
      retryAfter,
    });
  }
}

/** The RateLimit-Policy and RateLimit fields of one policy (draft-ietf-httpapi-ratelimit-headers). */
export function setRateLimitHeaders(res: Pick<Response, 'setHeader'>, policy: string, limit: number, state: { remaining: number; resetSeconds: number }): void {
  res.setHeader('RateLimit-Policy', `"${policy}";q=${limit};w=60`);
  res.setHeader('RateLimit', `"${policy}";r=${state.remaining};t=${state.resetSeconds}`);
}

@Injectable()
export class ApiRateLimiter {
  private readonly buckets: TokenBuckets;
  readonly perMinute: number;

  constructor(@Inject(APP_CONFIG) config: ResolvedConfig) {
    this.perMinute = config.apiRateLimitPerMinute;
    this.buckets = new TokenBuckets(this.perMinute);
  }

  /** Throws a 429 problem (with Retry-After) when the client has used up its minute; with `res`, sets the RateLimit fields. */
  check(clientName: string, res?: Pick<Response, 'setHeader'>): void {
    const wait = this.buckets.take(clientName);
    if (res) setRateLimitHeaders(res, 'client', this.perMinute, this.buckets.status(clientName));
    if (wait > 0) throw new RateLimitedProblem(wait, this.perMinute);
  }
}

/**
 * Per client address, in memory on each node: the API routes that need no key, and failed
 * authentications. An address over its failure budget gets 429 without its key being checked.
 */
@Injectable()
export class AddressRateLimiter {
  private readonly publicBuckets: TokenBuckets;
  private readonly failureBuckets: TokenBuckets;
  readonly publicPerMinute: number;
  readonly failuresPerMinute: number;

  constructor(@Inject(APP_CONFIG) config: ResolvedConfig) {
    this.publicPerMinute = config.apiPublicRateLimitPerMinute;
    this.failuresPerMinute = config.apiAuthFailuresPerMinute;
    this.publicBuckets = new TokenBuckets(this.publicPerMinute);
    this.failureBuckets = new TokenBuckets(this.failuresPerMinute);
  }

  /** A request to a route without a key: counted per address; over the limit a 429. */
  checkPublic(address: string, res: Pick<Response, 'setHeader'>): void {
    const wait = this.publicBuckets.take(address);
    setRateLimitHeaders(res, 'address', this.publicPerMinute, this.publicBuckets.status(address));
    if (wait > 0) throw new RateLimitedProblem(wait, this.publicPerMinute, 'requests a minute per address without an API key');
  }

  /** Before a key is checked: an address that used up its failures gets a 429. */
  assertMayAuthenticate(address: string): void {
    const wait = this.failureBuckets.waitFor(address);
    if (wait > 0) throw new RateLimitedProblem(wait, this.failuresPerMinute, 'failed authentications a minute per address');
  }

  /** A missing, malformed, unknown or revoked key. */
  recordFailure(address: string): void {
    this.failureBuckets.take(address);
  }
}
