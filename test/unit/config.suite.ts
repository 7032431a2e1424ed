import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  it('needs nothing for an embedded start and has demo defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: '/srv/app/data',
      publicBaseUrl: 'http://localhost:3000',
      demoData: true,
      processor: { country: 'NL' },
    });
  });

  it('derives PUBLIC_BASE_URL from PORT and trims a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://avg.example.nl/' }).publicBaseUrl).toBe('https://avg.example.nl');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://u@h/db' }, 'IDENTIFIER_KEY'],
    [{ DATABASE_URL: 'postgres://u@h/db', IDENTIFIER_KEY: 'too-short' }, 'IDENTIFIER_KEY'],
    [{ DATABASE_URL: 'mysql://u@h/db', IDENTIFIER_KEY: 'x'.repeat(32) }, 'DATABASE_URL'],
    [{ PROCESSOR_COUNTRY: 'DE' }, 'PROCESSOR_COUNTRY'],
    [{ PROCESSOR_PRIVACY_EMAIL: 'nope' }, 'PROCESSOR_PRIVACY_EMAIL'],
    [{ DEMO_DATA: 'maybe' }, 'DEMO_DATA'],
    [{ EXTRA_NON_WORKING_DAYS: '2026-12-24,24-12-2026' }, 'EXTRA_NON_WORKING_DAYS'],
  ])('refuses %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^Configuration error: ${variable} `));
  });

  it('turns demo data off by default on a real PostgreSQL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', IDENTIFIER_KEY: 'k'.repeat(32) }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', IDENTIFIER_KEY: 'k'.repeat(32), DEMO_DATA: 'true' }).demoData).toBe(true);
  });

  it('parses extra non-working days', () => {
    expect(loadConfig({ EXTRA_NON_WORKING_DAYS: '2026-12-24, 2026-12-31' }).extraNonWorkingDays).toEqual(['2026-12-24', '2026-12-31']);
  });
});
