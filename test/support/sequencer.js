// The order Jest starts test files in: the longest first, so no worker is left with a long file at
// the end. Jest knows a file's time from an earlier run on this checkout; without one (a fresh clone,
// as in CI) it guesses by file size, and a group file (test/e2e/http/api-core.test.ts and the like,
// a list of `import './x.suite.js'`) is tiny while it runs the most. Here a file's size counts the
// suites it imports; otherwise the order is Jest's own.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Sequencer from '@jest/test-sequencer';

const SUITE_IMPORT = /^import '\.\/([\w/-]+)\.suite\.js';$/gm;

/** The size of a test file, and of the suites it imports. */
export function testWeight(path) {
  let size = statSync(path).size;
  for (const [, name] of readFileSync(path, 'utf8').matchAll(SUITE_IMPORT)) size += statSync(join(dirname(path), `${name}.suite.ts`)).size;
  return size;
}

export default class LongestFirstSequencer extends (Sequencer.default ?? Sequencer) {
  sort(tests) {
    const weights = new Map();
    const weight = (test) => weights.get(test.path) ?? weights.set(test.path, testWeight(test.path)).get(test.path);
    for (const test of tests) test.duration = this.time(test);
    return tests.sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      // A file with a time from an earlier run against one without: the one without first (it may be long).
      if ((a.duration != null) !== (b.duration != null)) return a.duration != null ? 1 : -1;
      if (a.duration != null && b.duration != null) return b.duration - a.duration;
      return weight(b) - weight(a);
    });
  }
}
