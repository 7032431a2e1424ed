// `npm run bench [-- <suite>]`: builds when stale, then runs the benchmark suites
// (deadlines, intake, routing, queue, inbox) and prints `BENCH <suite>.<figure> <value> <unit>` lines.
import { buildIfStale } from './build-if-stale.mjs';

buildIfStale();
const { runBenchmarks } = await import('../dist/bench/index.js');
await runBenchmarks(process.argv.slice(2));
