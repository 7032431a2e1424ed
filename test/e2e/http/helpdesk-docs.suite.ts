/**
 * docs/helpdesk-integration.md works as written: its shell blocks run in order against a running
 * service (the CLI for the key, then curl), and its Node verification snippet accepts the
 * webhooks the service sends and refuses a tampered one.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../../src/common/paths.js';
import { requestBody } from '../../factories/requests.js';
import { startTestApp, TEST_IDENTIFIER_KEY, type TestApp } from '../../support/app.js';

describe('helpdesk-docs', () => {
  const run = promisify(execFile);
  const DOC = readFileSync(join(PROJECT_ROOT, 'docs/helpdesk-integration.md'), 'utf8');

  function blocks(language: string): string[] {
    return [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
  }

  let t: TestApp;
  let server: Server;
  let hookUrl: string;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'vr-docs-'));

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_ALLOW_LOOPBACK: 'true', WEBHOOK_POLL_MS: '200' } });
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/verzoekrouter`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs every code block of the guide: each is bash or js', () => {
    // Fences alternate: opening (with its language), closing.
    const languages = [...DOC.matchAll(/^```(\w*)$/gm)].map((m) => m[1]).filter((_, i) => i % 2 === 0);
    expect(languages.filter((l) => l !== 'bash' && l !== 'js')).toEqual([]);
    expect(languages.length).toBe(blocks('bash').length + blocks('js').length);
  });

  it('the walk-through runs as written: key, idempotent filing, following, an event, webhooks verified by the snippet', async () => {
    const [cli, settings, ...shell] = blocks('bash');
    expect(cli).toContain('api-keys create');
    // The settings block names the two variables the test supplies (VR, KEY); it must be valid shell.
    expect([...settings.matchAll(/^export (\w+)=/gm)].map((m) => m[1])).toEqual(['VR', 'KEY']);
    await run('bash', ['-n', '-c', settings]);
    expect(shell).toHaveLength(5);

    // 1. The key, from the CLI against the service's database.
    const env = { ...process.env, DATABASE_URL: t.database.url, IDENTIFIER_KEY: TEST_IDENTIFIER_KEY, DATA_DIR: join(tmp, 'data'), LOG_LEVEL: 'silent' };
    const created = await run('bash', ['-ec', cli], { cwd: PROJECT_ROOT, env });
    const key = /^vr_[A-Za-z0-9_-]+$/m.exec(created.stdout)?.[0];
    expect(key).toBeDefined();

    // 2.–4. The curl blocks, in order, in one shell (later blocks use ID and SECRET from earlier ones).
    const script = ['set -euo pipefail', ...shell, 'echo "::secret=$SECRET"'].join('\n');
    const out = await run('bash', ['-c', script], { cwd: tmp, env: { ...process.env, VR: t.baseUrl, KEY: key!, HOOK_URL: hookUrl } });
    expect(out.stdout).toMatch(/^AVG-\d{4}-\d{6} triage\.open respond by \d{4}-\d{2}-\d{2}$/m);
    expect(out.stdout).toMatch(/^idempotent-replayed: true/im);
    // The invalid-input example answers with the pointers the guide names.
    expect(out.stdout).toMatch(/^\/requester\/email \/rights\/0$/m);
    expect(out.stdout).toContain('Verzoek ontvangen via de helpdesk (inzage).');
    const lines = out.stdout.trim().split('\n');
    const reference = /^(AVG-\d{4}-\d{6})/.exec(out.stdout)![1];
    // The externalRef lookup found exactly the one request: the retry filed nothing new.
    expect(lines).toContain(reference);
    const secret = /^::secret=(whsec_\S+)$/m.exec(out.stdout)?.[1];
    expect(secret).toBeDefined();

    // A new ticket after the endpoint was registered: its events arrive signed.
    const res = await fetch(`${t.baseUrl}/api/v1/requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(requestBody({ externalRef: 'ZD-1002' })),
    });
    expect(res.status).toBe(201);
    const deadline = Date.now() + 10_000;
    while (!received.some((r) => JSON.parse(r.body).type === 'request.created')) {
      if (Date.now() > deadline) throw new Error('no request.created webhook within 10 s');
      await new Promise((r) => setTimeout(r, 100));
    }

    // The doc's Node snippet, as a module, verifies them; a tampered body fails.
    const [snippet] = blocks('js');
    const file = join(tmp, 'verify.mjs');
    writeFileSync(file, snippet);
    const { verify } = (await import(pathToFileURL(file).href)) as { verify: (s: string, h: IncomingHttpHeaders, b: string) => boolean };
    for (const r of received) expect(verify(secret!, r.headers, r.body)).toBe(true);
    const first = received[0];
    expect(verify(secret!, first.headers, first.body.replace('request', 'reqvest'))).toBe(false);
    expect(JSON.parse(first.body)).toMatchObject({ data: { reference: expect.stringMatching(/^AVG-/) } });
    expect(first.body).not.toContain('jan.jansen@example.nl');
    // The fields the guide lists.
    expect(Object.keys(JSON.parse(first.body)).sort()).toEqual(['createdAt', 'data', 'id', 'sequence', 'type']);
    expect(Object.keys(JSON.parse(first.body).data).sort()).toEqual(['dueDate', 'reference', 'requestId', 'respondBy', 'state']);
  });
});
