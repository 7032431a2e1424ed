/** Demo data shows everything: controllers with identifiers, every state of the request machine, a processor task, an incident, identity checks under way. */
import { startTestApp, type TestApp } from '../support/app.js';
import { STATE_PATHS } from '../../src/requests/request.types.js';

describe('demo-data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { DEMO_DATA: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('covers every state of the request machine through the real runner', async () => {
    const rows: { state: string }[] = await t.service.app.get((await import('typeorm')).DataSource).query(`SELECT DISTINCT state FROM requests`);
    const states = rows.map((r) => r.state);
    for (const path of STATE_PATHS) expect(states).toContain(path);
  });

  it('has three or more fictional controllers with identifiers besides the processor itself', async () => {
    const { items } = (await (await t.api('/api/v1/controllers?limit=50')).json()) as { items: { name: string; isSelf: boolean; identifierTotal: number }[] };
    const others = items.filter((c) => !c.isSelf);
    expect(others.length).toBeGreaterThanOrEqual(3);
    for (const c of others) {
      expect(c.name).toContain('(fictief)');
      expect(c.identifierTotal).toBeGreaterThan(0);
    }
  });

  it('has an open processor task, an incident and identity checks under way', async () => {
    const db = t.service.app.get((await import('typeorm')).DataSource);
    const [tasks] = await db.query(`SELECT count(*)::int AS n FROM processor_tasks WHERE state IN ('open', 'concern')`);
    const [incidents] = await db.query(`SELECT count(*)::int AS n FROM incidents`);
    const [steps] = await db.query(`SELECT count(*)::int AS n FROM verification_steps WHERE status = 'requested'`);
    expect(tasks.n).toBeGreaterThan(0);
    expect(incidents.n).toBeGreaterThan(0);
    expect(steps.n).toBeGreaterThanOrEqual(2);
  });
});
