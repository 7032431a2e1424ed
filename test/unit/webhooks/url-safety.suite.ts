import { describe, expect, it } from '@jest/globals';
import { addressRefusal, checkWebhookUrl } from '../../../src/webhooks/url-safety.js';

const strict = { allowLoopback: false, allowedHosts: [] };

describe('webhook targets: IPv6 forms that embed an IPv4 address are judged by that address', () => {
  // Teredo: server 65.54.227.120, client = the last 32 bits inverted (7f00:0001 → 80ff:fffe = 127.0.0.1)
  const teredoLoopback = '2001:0:4136:e378:8000:63bf:80ff:fffe';
  it.each([
    ['IPv4-compatible', 'https://[::7f00:1]/hook'],
    ['IPv4-compatible (dotted)', 'https://[::127.0.0.1]/hook'],
    ['IPv4-translated (RFC 6145)', 'https://[::ffff:0:7f00:1]/hook'],
    ['IPv4-mapped', 'https://[::ffff:7f00:1]/hook'],
    ['IPv4-mapped private', 'https://[::ffff:a00:1]/hook'],
    ['6to4', 'https://[2002:7f00:1::]/hook'],
    ['6to4 private', 'https://[2002:a9fe:a9fe::1]/hook'],
    ['NAT64', 'https://[64:ff9b::7f00:1]/hook'],
    ['NAT64 metadata address', 'https://[64:ff9b::a9fe:a9fe]/hook'],
    ['Teredo', `https://[${teredoLoopback}]/hook`],
  ])('%s %s is refused', async (_form, url) => {
    expect(await checkWebhookUrl(new URL(url), strict)).toEqual(expect.any(String));
  });

  it.each([
    ['6to4 of a public address', '2002:5db8:d822::1'],
    ['NAT64 of a public address', '64:ff9b::5db8:d822'],
    ['IPv4-mapped public address', '::ffff:5db8:d822'],
  ])('%s (%s) is accepted: the embedded address is public', (_form, address) => {
    expect(addressRefusal(address, 'hooks.example', 'https:', strict)).toBeUndefined();
  });

  it('names the embedded IPv4 address in the reason', () => {
    expect(addressRefusal('2002:7f00:1::', 'hooks.example', 'https:', strict)).toContain('127.0.0.1');
  });
});
