/**
 * Outbound URL safety for webhooks (SSRF): `https` only; addresses in private, loopback,
 * link-local or other special ranges are refused unless the host is allow-listed
 * (WEBHOOK_ALLOWED_HOSTS); WEBHOOK_ALLOW_LOOPBACK=true (development, tests) permits http and https
 * to 127.0.0.0/8 and ::1. Checked when an endpoint is registered and again at every connection
 * (the resolved address is checked in the socket's lookup, so DNS rebinding does not get past).
 * IPv6 forms that embed an IPv4 address (IPv4-mapped, -compatible, -translated, 6to4, NAT64 and
 * Teredo; classified with ipaddr.js) are judged by the IPv4 address they embed.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

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
] as const) {
  special.addSubnet(net, prefix, 'ipv6');
}

export class UrlRefusedError extends Error {
  readonly code = 'EWEBHOOKURLREFUSED';
}

/** The IPv4 addresses an IPv6 address carries (IPv4-mapped, -compatible, -translated, 6to4, NAT64, Teredo). */
export function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = address.parts;
  const v4 = (hi: number, lo: number): ipaddr.IPv4 => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const last = v4(p[6], p[7]);
  switch (address.range()) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return [last];
    case 'rfc6052': // NAT64 64:ff9b::a.b.c.d (the /48 local-use prefix is refused as special)
      return address.match(ipaddr.IPv6.parse('64:ff9b::'), 96) ? [last] : [];
    case '6to4': // 2002:AABB:CCDD::/48
      return [v4(p[1], p[2])];
    case 'teredo': // 2001:0:server:flags:port:client, the client's address inverted
      return [v4(p[2], p[3]), v4(~p[6] & 0xffff, ~p[7] & 0xffff)];
    default:
      // IPv4-compatible (deprecated): ::a.b.c.d — not :: and ::1
      return p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7] > 1) ? [last] : [];
  }
}

/** Why one address may not be reached, judged by the IPv4 addresses it embeds (undefined: it may). */
function refusalOf(address: ipaddr.IPv4 | ipaddr.IPv6, protocol: string, policy: UrlPolicy, hostAllowed: boolean): string | undefined {
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    const embedded = embeddedIPv4(v6);
    if (embedded.length) {
      for (const v4 of embedded) {
        const refused = refusalOf(v4, protocol, policy, hostAllowed);
        if (refused) return `${v6.toString()} embeds ${v4.toString()}: ${refused}`;
      }
      return undefined;
    }
  }
  const text = address.toString();
  const family = address.kind();
  const range = address.range();
  if (range === 'loopback' || loopback.check(text, family)) {
    return policy.allowLoopback || hostAllowed ? undefined : `${text} is a loopback address`;
  }
  if (protocol !== 'https:') return 'only https URLs are allowed';
  const reserved = special.check(text, family) || range !== 'unicast';
  if (reserved && !hostAllowed) return `${text} is a private, link-local or reserved address`;
  return undefined;
}

/** Why this address may not be reached (undefined: it may). */
export function addressRefusal(rawAddress: string, host: string, protocol: string, policy: UrlPolicy): string | undefined {
  const hostAllowed = policy.allowedHosts.includes(host.toLowerCase());
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(rawAddress.replace(/%.*$/, ''));
  } catch {
    return `${rawAddress} is not an IP address`;
  }
  return refusalOf(address, protocol, policy, hostAllowed);
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
