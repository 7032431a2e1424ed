/** The login page names the credentials file where this service wrote it: under its DATA_DIR, not a fixed data/. */
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../../support/app.js';

describe('login-page-credentials', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('shows the path of initial-credentials.json in the configured DATA_DIR', async () => {
    const html = await (await fetch(`${t.baseUrl}/ui/login`)).text();
    expect(html).toContain(`<code>${join(t.service.config.dataDir, 'initial-credentials.json')}</code>`);
    expect(html).not.toContain('<code>data/initial-credentials.json</code>');
  });
});
