/** Pure parts of the helpdesk integration: signatures, URL safety, rate-limit buckets, idempotency fingerprints. */
import { TokenBuckets } from '../../../src/api/rate-limiter.js';
import { canonicalJson, fingerprintOf } from '../../../src/commands/idempotency-store.js';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { newWebhookSecret, signWebhook, webhookHeaders } from '../../../src/webhooks/signature.js';
import { addressRefusal } from '../../../src/webhooks/url-safety.js';
import { webhookBackoffMs } from '../../../src/webhooks/webhook.worker.js';

describe('Standard Webhooks signatures', () => {
  it('reproduces the reference vector of the specification', () => {
    expect(signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('is verified by the reference library for fresh, untampered messages only', () => {
    const secret = newWebhookSecret();
    const receiver = new Webhook(secret);
    const headers = { ...webhookHeaders([secret], 'evt-1', new Date(), '{"a":1}') };
    expect(receiver.verify('{"a":1}', headers)).toEqual({ a: 1 });
    expect(() => receiver.verify('{"a":2}', headers)).toThrow(WebhookVerificationError);
    expect(() => receiver.verify('{"a":1}', { ...headers, 'webhook-id': 'evt-2' })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(newWebhookSecret()).verify('{"a":1}', headers)).toThrow(WebhookVerificationError);
    const stale = { ...webhookHeaders([secret], 'evt-1', new Date(Date.now() - 6 * 60_000), '{"a":1}') };
    expect(() => receiver.verify('{"a":1}', stale)).toThrow(WebhookVerificationError);
  });

  it('signs with the previous secret too after a rotation, so a receiver on either secret verifies', () => {
    const [fresh, previous] = [newWebhookSecret(), newWebhookSecret()];
    const headers = { ...webhookHeaders([fresh, previous], 'evt-1', new Date(), '{"a":1}') };
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(fresh).verify('{"a":1}', headers)).toEqual({ a: 1 });
    expect(new Webhook(previous).verify('{"a":1}', headers)).toEqual({ a: 1 });
    expect(() => new Webhook(newWebhookSecret()).verify('{"a":1}', headers)).toThrow(WebhookVerificationError);
  });
});

describe('webhook URL safety', () => {
  const strict = { allowLoopback: false, allowedHosts: [] };
  const dev = { allowLoopback: true, allowedHosts: [] };
  it.each([
    ['10.0.0.8', 'https:', strict, true],
    ['172.20.1.1', 'https:', strict, true],
    ['192.168.1.1', 'https:', strict, true],
    ['169.254.169.254', 'https:', strict, true],
    ['100.64.0.1', 'https:', strict, true],
    ['127.0.0.1', 'https:', strict, true],
    ['::1', 'https:', strict, true],
    ['fd00::1', 'https:', strict, true],
    ['fe80::1', 'https:', strict, true],
    ['::ffff:10.0.0.1', 'https:', strict, true],
    ['93.184.216.34', 'http:', strict, true],
    ['93.184.216.34', 'https:', strict, false],
    ['2606:2800:220:1:248:1893:25c8:1946', 'https:', strict, false],
    ['127.0.0.1', 'http:', dev, false],
    ['::1', 'https:', dev, false],
    ['10.0.0.8', 'https:', dev, true],
  ] as const)('%s over %s refused: %s', (address, protocol, policy, refused) => {
    expect(Boolean(addressRefusal(address, 'hooks.example', protocol, policy))).toBe(refused);
  });

  it('lets an allow-listed host resolve to a private address', () => {
    expect(addressRefusal('10.0.0.8', 'hooks.internal', 'https:', { allowLoopback: false, allowedHosts: ['hooks.internal'] })).toBeUndefined();
  });
});

describe('rate-limit token buckets', () => {
  it('allows a minute\'s worth at once, then one token per 60/limit seconds, per key', () => {
    let now = 0;
    const buckets = new TokenBuckets(3, 60_000, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(20);
    expect(buckets.take('b')).toBe(0);
    now += 20_000;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(20);
  });
});

describe('idempotency fingerprints and backoff', () => {
  it('ignores key order but not values, path or method', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const base = fingerprintOf('POST', '/api/v1/requests', { a: 1, b: 2 });
    expect(fingerprintOf('POST', '/api/v1/requests', { b: 2, a: 1 })).toBe(base);
    expect(fingerprintOf('POST', '/api/v1/requests', { a: 1, b: 3 })).not.toBe(base);
    expect(fingerprintOf('POST', '/api/v1/webhooks', { a: 1, b: 2 })).not.toBe(base);
  });

  it('backs webhook retries off exponentially, at most six hours apart', () => {
    expect([1, 2, 3, 4].map(webhookBackoffMs)).toEqual([5000, 20_000, 80_000, 320_000]);
    expect(webhookBackoffMs(40)).toBe(6 * 3600_000);
  });
});
