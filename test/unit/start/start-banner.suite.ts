/** The start banner tells a newcomer where to go, in at most 10 lines, without passwords; a start error is one line naming the setting. */
import { credentialsFileShown } from '../../../src/initial-credentials.js';
import { describeStartError, startBanner, type BannerFacts } from '../../../src/start-banner.js';

const first: BannerFacts = {
  baseUrl: 'http://localhost:3000',
  dataDir: '/srv/vr/data',
  outboxWorker: true,
  credentialsFile: '/srv/vr/data/initial-credentials.json',
  credentialsFileExists: true,
};

describe('start banner', () => {
  it('on a first embedded start names the workspace, the credentials file, the API docs, the outbox and inbox folders and the database folder', () => {
    const text = startBanner(first);
    expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
    expect(text).toContain('http://localhost:3000/ui');
    expect(text).toContain('http://localhost:3000/api/docs');
    expect(text).toContain('password in /srv/vr/data/initial-credentials.json');
    expect(text).toContain('/srv/vr/data/outbox');
    expect(text).toContain('/srv/vr/data/inbox');
    expect(text).toContain('embedded, in /srv/vr/data/pgdata');
  });

  it('says how many demo requests it loaded, still in at most 10 lines, and nothing about demo data when none were', () => {
    const text = startBanner({ ...first, demoRequests: 14 });
    expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(10);
    expect(text).toMatch(/Demo data: +14 fictional requests loaded \(DEMO_DATA=false starts empty\)/);
    expect(startBanner({ ...first, demoRequests: 0 })).not.toContain('Demo data');
  });

  it('on a later start says the admin login is unchanged', () => {
    const text = startBanner({ ...first, credentialsFile: undefined });
    expect(text).toMatch(/Admin login: unchanged/);
    expect(text).not.toContain('password in');
  });

  it('names SMTP, IMAP and PostgreSQL hosts without user or password', () => {
    const text = startBanner({
      ...first,
      credentialsFile: undefined,
      credentialsFileExists: false,
      smtpUrl: 'smtps://mailer:geheim1@smtp.example.com:465',
      imapUrl: 'imaps://inbox:geheim2@imap.example.com',
      databaseUrl: 'postgres://vr:geheim3@db.example.com:5432/verzoekrouter',
    });
    expect(text).toContain('SMTP smtp.example.com:465');
    expect(text).toContain('IMAP imap.example.com');
    expect(text).toContain('PostgreSQL db.example.com:5432/verzoekrouter');
    expect(text).not.toMatch(/geheim|mailer|inbox:|vr:/);
  });
});

describe('start errors', () => {
  const config = { port: 3000, host: '0.0.0.0', dataDir: '/srv/vr/data', databaseUrl: 'postgres://vr:geheim@db.example.com:5432/vr' };
  const err = (code: string, extra: object = {}) => Object.assign(new Error(`${code} something`), { code, ...extra });

  it.each([
    [err('EADDRINUSE'), /PORT 3000/],
    [err('ECONNREFUSED'), /DATABASE_URL \(db\.example\.com:5432\/vr\)/],
    [err('28P01'), /DATABASE_URL .*user and password/],
    [err('3D000'), /database in DATABASE_URL .* does not exist/],
    [err('EACCES', { path: '/srv/vr/data/pgdata', syscall: 'open' }), /DATA_DIR \/srv\/vr\/data is not writable/],
  ])('%s is one line naming the setting', (e, expected) => {
    const line = describeStartError(e, config);
    expect(line).toMatch(expected);
    expect(line).not.toContain('\n');
    expect(line).not.toContain('geheim');
  });
});

describe('credentials path on the login page', () => {
  it('follows DATA_DIR: relative inside the working folder, absolute elsewhere', () => {
    expect(credentialsFileShown('/app/data', '/app')).toBe('data/initial-credentials.json');
    expect(credentialsFileShown('/var/lib/vr', '/app')).toBe('/var/lib/vr/initial-credentials.json');
  });
});
