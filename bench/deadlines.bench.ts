/**
 * Benchmark of the deadline engine: full deadline sets (explanations included) per second.
 * Prints `BENCH deadlines.per_second <n> ops/s` (median of three runs) and `BENCH deadlines.run_ms`.
 */
import { pathToFileURL } from 'node:url';
import { computeDeadlines, type Country, type DeadlineInput } from '../src/deadlines/index.js';

const SETS = 1_000_000;
const RUNS = 3;
const SEED = 0x5eed_2026;

/** mulberry32: a small seeded PRNG, so every run computes the same inputs. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const OFFSETS = ['Z', '+01:00', '+02:00', '-05:00'];

/** Receipt moments from 2025 through 2030: half ISO date-times with offset, half plain days; NL and BE alternate. */
export function makeInputs(count: number, seed = SEED): DeadlineInput[] {
  const random = prng(seed);
  const from = Date.UTC(2025, 0, 1);
  const span = Date.UTC(2031, 0, 1) - from;
  const inputs: DeadlineInput[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const moment = new Date(from + Math.floor(random() * span));
    const day = `${moment.getUTCFullYear()}-${pad(moment.getUTCMonth() + 1)}-${pad(moment.getUTCDate())}`;
    const receivedAt =
      i % 2 === 0
        ? `${day}T${pad(moment.getUTCHours())}:${pad(moment.getUTCMinutes())}:${pad(moment.getUTCSeconds())}${OFFSETS[Math.floor(random() * OFFSETS.length)]}`
        : day;
    const country: Country = i % 4 < 2 ? 'NL' : 'BE';
    const input: DeadlineInput = { receivedAt, country };
    const variant = random();
    if (variant < 0.2) input.pausedDays = 1 + Math.floor(random() * 20);
    else if (variant < 0.35) input.promiseDays = 30;
    else if (variant < 0.45) input.slaWorkingDays = Math.floor(random() * 4);
    inputs[i] = input;
  }
  return inputs;
}

function timeRun(inputs: readonly DeadlineInput[]): { ms: number; checksum: number } {
  let checksum = 0;
  const start = performance.now();
  for (let i = 0; i < inputs.length; i++) {
    const deadlines = computeDeadlines(inputs[i]!);
    checksum += deadlines.respondBy.charCodeAt(9) + deadlines.explanations.respondBy.text.length;
  }
  return { ms: performance.now() - start, checksum };
}

export async function run(): Promise<void> {
  const inputs = makeInputs(SETS);
  const times: number[] = [];
  let checksum = 0;
  for (let r = 0; r < RUNS; r++) {
    const result = timeRun(inputs);
    times.push(result.ms);
    checksum += result.checksum;
  }
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(RUNS / 2)]!;
  const perSecond = Math.round((SETS / medianMs) * 1000);
  if (checksum === 0) throw new Error('benchmark computed nothing');
  console.log(`BENCH deadlines.per_second ${perSecond} ops/s`);
  console.log(`BENCH deadlines.run_ms ${medianMs.toFixed(1)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
