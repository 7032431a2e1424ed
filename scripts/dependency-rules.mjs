// The dependency rules of src/, in one pass over its module graph (`npm run deps`, part of `npm test`):
// 1. the rules of .dependency-cruiser.cjs (file cycles, layer directions), reported as `depcruise`
//    reports them;
// 2. folder cycles: which top-level folders of src/ depend on each other. The graph is collapsed to
//    top-level folders (src/api/openapi counts as src/api; files directly in src/ are the composition
//    root and take no part). A "pair" is two folders that import each other directly; a cycle is any
//    strongly connected group of two or more folders.
// Usage: node scripts/dependency-rules.mjs            -> both checks, exits 1 on a rule violation, a pair or a cycle not allowed
//        node scripts/dependency-rules.mjs --report   -> also the imports behind each folder pair; exits 0 on folder cycles
import { cruise, format } from 'dependency-cruiser';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const config = require('../.dependency-cruiser.cjs');

/**
 * Pairs of top-level folders that still import each other. Empty: the last 7 of the 18 found when
 * this check was added were broken by inverting the request transition's fragments
 * (src/requests/transition-fragments.ts) and the planner's misdirection planning
 * (src/forwarding/misdirection-port.ts), both wired in src/workflow-wiring.module.ts. Shrinking
 * only: the check fails on any pair not listed and on a listed pair that no longer exists; never
 * add one.
 */
const ALLOWED_PAIRS = new Set([]);

const top = (path) => {
  const m = /^src\/([^/]+)\//.exec(path);
  return m ? m[1] : null;
};

const { options, ...ruleSet } = config;
const result = await cruise(['src'], { ...options, ruleSet, validate: true, outputType: 'json' });
const graph = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
const rules = await format(graph, { outputType: 'err' });
process.stdout.write(String(rules.output));
const ruleErrors = graph.summary.error;
// edges folder -> folder -> list of "file -> file"
const edges = new Map();
for (const m of graph.modules) {
  const from = top(m.source);
  if (!from) continue;
  for (const d of m.dependencies) {
    const to = top(d.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const out = edges.get(from);
    if (!out.has(to)) out.set(to, []);
    out.get(to).push(`${m.source} -> ${d.resolved}${d.dependencyTypes.includes('type-only') ? ' (type)' : ''}`);
  }
}
const has = (a, b) => edges.get(a)?.has(b) ?? false;
const folders = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((o) => [...o.keys()])])].sort();
const pairs = [];
for (const a of folders) for (const b of folders) if (a < b && has(a, b) && has(b, a)) pairs.push(`${a}<->${b}`);

// strongly connected components (Tarjan) for cycles longer than a pair
let index = 0;
const idx = new Map(), low = new Map(), stack = [], on = new Set(), sccs = [];
const visit = (v) => {
  idx.set(v, index); low.set(v, index); index++; stack.push(v); on.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
    else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) === idx.get(v)) {
    const c = []; let w;
    do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v);
    if (c.length > 1) sccs.push(c.sort());
  }
};
for (const f of folders) if (!idx.has(f)) visit(f);

const report = process.argv.includes('--report');
console.log(`folder pairs that import each other: ${pairs.length}`);
for (const p of pairs) {
  const [a, b] = p.split('<->');
  console.log(`  ${p}${ALLOWED_PAIRS.has(p) ? '  (allowed, to be removed)' : ''}`);
  if (report) for (const e of [...edges.get(a).get(b), ...edges.get(b).get(a)]) console.log(`      ${e}`);
}
console.log(`folder cycles (strongly connected groups): ${sccs.length}${sccs.map((c) => `\n  ${c.join(', ')}`).join('')}`);
if (report) process.exit(ruleErrors ? 1 : 0);
const bad = pairs.filter((p) => !ALLOWED_PAIRS.has(p));
const stale = [...ALLOWED_PAIRS].filter((p) => !pairs.includes(p));
if (stale.length) console.error(`allow-list names pairs that no longer import each other; remove them: ${stale.join(', ')}`);
if (bad.length) console.error(`folder cycle(s) not allowed: ${bad.join(', ')}`);
// A cycle through three or more folders (no pair among them) is as forbidden as a pair.
const allowedIn = (c) => [...ALLOWED_PAIRS].some((p) => p.split('<->').every((f) => c.includes(f)));
const longer = sccs.filter((c) => !allowedIn(c));
if (longer.length) console.error(`folder cycle(s) through three or more folders not allowed: ${longer.map((c) => c.join(', ')).join('; ')}`);
process.exit(ruleErrors || bad.length || stale.length || longer.length ? 1 : 0);
