/**
 * Every `*.suite.ts` runs, exactly once: Jest runs only the group files (`*.test.ts`, jest.config.js
 * "Suites"), so a suite that no group file imports would never run, and one imported twice would
 * run twice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/paths.js';

const TEST_ROOT = join(PROJECT_ROOT, 'test');
const SUITE_IMPORT = /^import '(\.{1,2}\/[\w./-]+)\.suite\.js';$/gm;

function filesEndingWith(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

/** How often each suite is imported, by the group files found under `root`. */
function suiteImports(root: string): Map<string, number> {
  const counts = new Map<string, number>(filesEndingWith(root, '.suite.ts').map((f) => [relative(root, f), 0]));
  for (const group of filesEndingWith(root, '.test.ts')) {
    for (const [, path] of readFileSync(group, 'utf8').matchAll(SUITE_IMPORT)) {
      const suite = relative(root, resolve(dirname(group), `${path}.suite.ts`));
      counts.set(suite, (counts.get(suite) ?? 0) + 1);
    }
  }
  return counts;
}

describe('suite groups', () => {
  it('every suite under test/ is imported by exactly one group file', () => {
    const counts = suiteImports(TEST_ROOT);
    expect(counts.size).toBeGreaterThan(100);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  });
});
