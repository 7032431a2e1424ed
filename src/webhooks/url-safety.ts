/**
 * Outbound URL safety for webhooks (SSRF): `https` only; addresses in private, loopback,
 * link-local or other special ranges are refused unless the host is allow-listed
 * (WEBHOOK_ALLOWED_HOSTS); WEBHOOK_ALLOW_LOOPBACK=true (development, tests) permits http and https
 * to 127.0.0.0/8 and ::1. Checked when an endpoint is registered and again at every connection
 * (the resolved address is checked in the socket's lookup, so DNS rebinding does not get past).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

export interface UrlPolicy {
  allowLoopback: boolean;
  allowedHosts: readonly string[];
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const special = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  special.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
] as const) {
  special.addSubnet(net, prefix, 'ipv6');
}

export class UrlRefusedError extends Error {
  readonly code = 'EWEBHOOKURLREFUSED';
}

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) as IPv4. */
function normalise(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

/** Why this address may not be reached (undefined: it may). */
export function addressRefusal(rawAddress: string, host: string, protocol: string, policy: UrlPolicy): string | undefined {
  const { address, family } = normalise(rawAddress);
  const hostAllowed = policy.allowedHosts.includes(host.toLowerCase());
  if (loopback.check(address, family)) {
    return policy.allowLoopback || hostAllowed ? undefined : `${address} is a loopback address`;
  }
  if (protocol !== 'https:') return 'only https URLs are allowed';
  if (special.check(address, family) && !hostAllowed) return `${address} is a private, link-local or reserved address`;
  return undefined;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/** Problems with the URL itself (before resolving). */
export function urlShapeRefusal(url: URL, policy: UrlPolicy): string | undefined {
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowLoopback)) return 'only https URLs are allowed';
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  return undefined;
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** Resolves the URL's host and checks every address: the reason it is refused, or undefined. */
export async function checkWebhookUrl(url: URL, policy: UrlPolicy): Promise<string | undefined> {
  const shape = urlShapeRefusal(url, policy);
  if (shape) return shape;
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await resolveAll(host)).map((a) => a.address);
    } catch {
      return `the host ${host} does not resolve`;
    }
  }
  for (const address of addresses) {
    const refusal = addressRefusal(address, host, url.protocol, policy);
    if (refusal) return refusal;
  }
  return undefined;
}

/** A socket lookup that refuses forbidden addresses (used for every delivery). */
export function safeLookup(url: URL, policy: UrlPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 4);
      const refused = addresses.map((a) => addressRefusal(a.address, hostname, url.protocol, policy)).find(Boolean);
      if (refused || !addresses.length) {
        return callback(new UrlRefusedError(refused ?? `${hostname} did not resolve`), '', 4);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
