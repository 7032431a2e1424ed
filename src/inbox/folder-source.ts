/**
 * The default mail source: the folder DATA_DIR/inbox. Every `*.eml` file put there is taken in
 * (InboxService) and moved to `verwerkt/`; one that cannot be read goes to `onleesbaar/` with a
 * `.txt` beside it saying why. Watched with fs.watch, and scanned every INBOX_POLL_MS as well (a
 * watch can miss events, e.g. on network file systems). A file still being written is left until
 * its size and time stop changing between two looks (or it is older than STABLE_MS); hidden files
 * (`.name`, the usual temporary name before a rename into place) are never read. Two nodes on one
 * folder are safe: the claim in the database takes a mail in once, and a move that finds the file
 * gone was the other node's.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { describeError } from '../common/error-text.js';
import { writeFileWhole } from '../common/files.js';
import { ProblemException } from '../common/problem.js';
import { PollLoop } from '../jobs/poll-loop.js';
import type { Arrival, TakeOutcome } from './inbox.service.js';
import { UnreadableMail } from './mail-reader.js';

/** A file untouched this long is complete, even on its first sighting. */
export const STABLE_MS = 1500;
/** Mails taken in at once. */
const CONCURRENCY = 4;

export const DONE_DIR = 'verwerkt';
export const UNREADABLE_DIR = 'onleesbaar';

export interface FolderTaker {
  take(raw: Buffer, arrival: Arrival): Promise<TakeOutcome>;
}

export interface FolderRound {
  taken: number;
  unreadable: number;
  /** Left for a later round: still being written, or a passing failure (the database). */
  waiting: number;
}

/** Whether a directory entry is a mail file to take in (`*.eml`, not hidden). */
export function isMailFile(name: string): boolean {
  return /\.eml$/i.test(name) && !name.startsWith('.');
}

/** The Dutch note written beside an unreadable mail. */
export function unreadableNote(file: string, reason: string, at: Date): string {
  return unreadableText(`Deze e-mail (${file})`, reason, at);
}

/** The note's text; `which` names the mail ("Deze e-mail (mail-1.eml)"). */
export function unreadableText(which: string, reason: string, at: Date): string {
  return [
    `${which} is niet verwerkt.`,
    '',
    `Reden: ${reason}`,
    '',
    `Tijdstip: ${at.toISOString()}`,
    'Wat nu: bekijk de e-mail zelf en voer het verzoek zo nodig met de hand in via "Nieuw verzoek".',
    '',
  ].join('\n');
}

export class FolderSource {
  private readonly loop: PollLoop<FolderRound>;
  private watcher?: FSWatcher;
  /** Size and mtime at the previous look, per file name. */
  private readonly seen = new Map<string, { size: number; mtimeMs: number; firstSeen: number }>();
  private prepared = false;

  constructor(
    readonly dir: string,
    private readonly taker: FolderTaker,
    private readonly logger: Logger,
    pollMs: number,
    /** Called after each mail (tests and the benchmark: file first seen → stored). */
    private readonly onTaken?: (file: string, outcome: TakeOutcome | { kind: 'unreadable'; reason: string }, msSinceSeen: number) => void,
  ) {
    this.loop = new PollLoop({ name: 'inbox-folder', intervalMs: pollMs, logger, round: () => this.round(), busy: () => false });
  }

  async start(): Promise<void> {
    await this.prepare();
    try {
      let pending: NodeJS.Timeout | undefined;
      this.watcher = watch(this.dir, () => {
        // A burst of events (a copy in progress) makes one round, shortly after.
        if (pending || this.loop.stopped) return;
        pending = setTimeout(() => {
          pending = undefined;
          void this.loop.runOnce().catch(() => undefined);
        }, 100);
      });
      this.watcher.on('error', (err) => this.logger.warn({ err: describeError(err) }, 'inbox folder watch failed; scanning only'));
    } catch (err) {
      this.logger.warn({ err: describeError(err) }, 'inbox folder cannot be watched; scanning only');
    }
    this.loop.start();
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    await this.loop.stop();
  }

  /** One scan of the folder (tests call it directly). */
  runOnce(): Promise<FolderRound> {
    return this.loop.runOnce();
  }

  private async prepare(): Promise<void> {
    if (this.prepared) return;
    await mkdir(join(this.dir, DONE_DIR), { recursive: true });
    await mkdir(join(this.dir, UNREADABLE_DIR), { recursive: true });
    this.prepared = true;
  }

  private async round(): Promise<FolderRound> {
    await this.prepare();
    const result: FolderRound = { taken: 0, unreadable: 0, waiting: 0 };
    const names = (await readdir(this.dir, { withFileTypes: true })).filter((e) => e.isFile() && isMailFile(e.name)).map((e) => e.name);
    const present = new Set(names);
    for (const name of this.seen.keys()) if (!present.has(name)) this.seen.delete(name);
    const ready: { name: string; mtime: Date; firstSeen: number }[] = [];
    const now = Date.now();
    for (const name of names.sort()) {
      const s = await stat(join(this.dir, name)).catch(() => undefined);
      if (!s) continue;
      const before = this.seen.get(name);
      const firstSeen = before?.firstSeen ?? now;
      const unchanged = before !== undefined && before.size === s.size && before.mtimeMs === s.mtimeMs;
      if (unchanged || now - s.mtimeMs >= STABLE_MS) ready.push({ name, mtime: s.mtime, firstSeen });
      else result.waiting += 1;
      this.seen.set(name, { size: s.size, mtimeMs: s.mtimeMs, firstSeen });
    }
    let next = 0;
    const worker = async () => {
      while (next < ready.length) {
        const file = ready[next++]!;
        const outcome = await this.takeFile(file.name, file.mtime, file.firstSeen);
        result[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ready.length) }, worker));
    // Anything still waiting is looked at again soon, not after a full interval.
    if (result.waiting && !this.loop.stopped) setTimeout(() => void this.loop.runOnce().catch(() => undefined), STABLE_MS).unref();
    return result;
  }

  private async takeFile(name: string, mtime: Date, firstSeen: number): Promise<'taken' | 'unreadable' | 'waiting'> {
    const path = join(this.dir, name);
    let raw: Buffer;
    try {
      raw = await readFile(path);
    } catch {
      return 'waiting'; // moved by another node meanwhile, or not readable yet
    }
    try {
      const outcome = await this.taker.take(raw, { receivedAt: mtime, source: 'folder' });
      await this.move(name, DONE_DIR);
      this.seen.delete(name);
      this.logger.info({ kind: outcome.kind, signal: outcome.signal, requestId: outcome.requestId }, 'inbox mail taken in');
      this.onTaken?.(name, outcome, Date.now() - firstSeen);
      return 'taken';
    } catch (err) {
      const reason = permanentReason(err);
      if (reason === undefined) {
        this.logger.warn({ err: describeError(err) }, 'inbox mail not taken in yet; retrying on the next scan');
        return 'waiting';
      }
      const moved = await this.move(name, UNREADABLE_DIR);
      if (moved) await writeFileWhole(join(this.dir, UNREADABLE_DIR, `${moved}.txt`), unreadableNote(name, reason, new Date()));
      this.seen.delete(name);
      this.logger.warn({ reason }, 'inbox mail unreadable; moved to onleesbaar');
      this.onTaken?.(name, { kind: 'unreadable', reason }, Date.now() - firstSeen);
      return 'unreadable';
    }
  }

  /** Moves a file into a subfolder under a free name; undefined when it is gone (another node moved it). */
  private async move(name: string, sub: string): Promise<string | undefined> {
    const target = await freeName(join(this.dir, sub), name);
    try {
      await rename(join(this.dir, name), join(this.dir, sub, target));
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}

/** `name`, or `name-2.eml`, `name-3.eml`… when taken. */
async function freeName(dir: string, name: string): Promise<string> {
  const base = name.replace(/\.eml$/i, '');
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? name : `${base}-${i}.eml`;
    if (!(await stat(join(dir, candidate)).catch(() => undefined))) return candidate;
  }
}

/** A Dutch reason when retrying cannot help (the mail itself is the problem); undefined for a passing failure. */
export function permanentReason(err: unknown): string | undefined {
  if (err instanceof UnreadableMail) return err.reason;
  if (err instanceof ProblemException && err.status >= 400 && err.status < 500) {
    const errors = err.extensions.errors as { pointer: string; detail: string }[] | undefined;
    const detail = errors?.map((e) => `${e.pointer}: ${e.detail}`).join('; ') ?? err.message;
    return `Er kon geen verzoek van worden gemaakt (${detail}).`;
  }
  return undefined;
}
