/**
 * Benchmark of the deadline engine: full deadline sets (explanations included) per second.
 * Prints `BENCH deadlines.per_second <n> ops/s` (median of three runs) and `BENCH deadlines.run_ms`,
 * each beside its floor measured in the same run on the same inputs (`floor_per_second`,
 * `floor_run_ms`: the bare calendar arithmetic — parse the moment, add one month in UTC, format
 * the day — without holidays, pauses, extensions or explanations) and `<figure>_ratio` (figure /
 * floor), which holds when the machine is noisy. Engine and floor runs alternate.
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

/** The floor: one month after the moment of receipt, by bare UTC arithmetic, as a day (YYYY-MM-DD). */
function timeFloor(inputs: readonly DeadlineInput[]): { ms: number; checksum: number } {
  let checksum = 0;
  const start = performance.now();
  for (let i = 0; i < inputs.length; i++) {
    const due = new Date(inputs[i]!.receivedAt);
    due.setUTCMonth(due.getUTCMonth() + 1);
    checksum += due.toISOString().slice(0, 10).charCodeAt(9);
  }
  return { ms: performance.now() - start, checksum };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<void> {
  const inputs = makeInputs(SETS);
  const times: number[] = [];
  const floorTimes: number[] = [];
  let checksum = 0;
  let floorChecksum = 0;
  for (let r = 0; r < RUNS; r++) {
    const result = timeRun(inputs);
    times.push(result.ms);
    checksum += result.checksum;
    const floor = timeFloor(inputs);
    floorTimes.push(floor.ms);
    floorChecksum += floor.checksum;
  }
  const medianMs = median(times);
  const floorMs = median(floorTimes);
  const perSecond = Math.round((SETS / medianMs) * 1000);
  const floorPerSecond = Math.round((SETS / floorMs) * 1000);
  if (checksum === 0 || floorChecksum === 0) throw new Error('benchmark computed nothing');
  console.log(`BENCH deadlines.per_second ${perSecond} ops/s`);
  console.log(`BENCH deadlines.floor_per_second ${floorPerSecond} ops/s`);
  console.log(`BENCH deadlines.per_second_ratio ${(perSecond / floorPerSecond).toFixed(4)} x`);
  console.log(`BENCH deadlines.run_ms ${medianMs.toFixed(1)} ms`);
  console.log(`BENCH deadlines.floor_run_ms ${floorMs.toFixed(1)} ms`);
  console.log(`BENCH deadlines.run_ms_ratio ${(medianMs / floorMs).toFixed(2)} x`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
