/** Benchmark dispatcher: `npm run bench` runs every suite, `npm run bench -- <suite>` one. */
const SUITES: Record<string, () => Promise<{ run(): Promise<void> }>> = {
  deadlines: () => import('./deadlines.bench.js'),
  intake: () => import('./intake.bench.js'),
  routing: () => import('./routing.bench.js'),
  queue: () => import('./queue.bench.js'),
  inbox: () => import('./inbox.bench.js'),
};

export async function runBenchmarks(args: string[]): Promise<void> {
  const names = args.length ? args : Object.keys(SUITES);
  const unknown = names.filter((n) => !SUITES[n]);
  if (unknown.length) {
    process.stderr.write(`Unknown suite(s): ${unknown.join(', ')}. Suites: ${Object.keys(SUITES).join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  for (const name of names) {
    process.stderr.write(`bench ${name}…\n`);
    await (await SUITES[name]()).run();
  }
}
