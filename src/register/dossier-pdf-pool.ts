/**
 * Dossier PDFs are laid out off the event loop: pdfkit takes seconds for a long dossier (a
 * 20,000-character message and 100 long notes), and in the main thread that stalls every other
 * request, `/health/live` included. A piscina pool of at most `DOSSIER_PDF_THREADS` threads
 * renders them; at most `DOSSIER_PDF_QUEUE` more wait per node. Beyond that the download is
 * refused at once with a 503 problem and Retry-After (the workspace shows it in Dutch).
 *
 * The worker runs the compiled module (dist/src/register/dossier-pdf.worker.js): next to this
 * file when the service runs from dist/, else from the project's dist/ (tests run the sources
 * in-process; their global setup builds dist/).
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { PROJECT_ROOT } from '../common/paths.js';
import { ProblemException } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import type { Dossier } from './dossier.js';
import type { DossierPdfOptions } from './dossier-pdf.js';
import type { DossierPdfTask } from './dossier-pdf.worker.js';

/** Seconds a refused client is asked to wait: about one long dossier's rendering. */
export const DOSSIER_BUSY_RETRY_AFTER_S = 10;

export const DOSSIER_BUSY_CODE = 'dossier-busy' as const;

/** The compiled worker module: beside this file (running from dist/), else in the project's dist/. */
export function dossierWorkerFile(): string {
  const beside = fileURLToPath(new URL('./dossier-pdf.worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = join(PROJECT_ROOT, 'dist', 'src', 'register', 'dossier-pdf.worker.js');
  if (existsSync(built)) return built;
  throw new Error(`The dossier PDF worker is not built (${built}): run npm run build.`);
}

export class DossierBusyProblem extends ProblemException {
  constructor() {
    super(503, DOSSIER_BUSY_CODE, 'Service unavailable', 'This node is already rendering as many dossiers as it may; try again shortly.', {
      retryAfter: DOSSIER_BUSY_RETRY_AFTER_S,
    });
  }
}

/** piscina's refusals when every thread is busy and the queue is full. */
function isQueueFull(err: unknown): boolean {
  const message = (err as { message?: unknown } | null)?.message;
  return message === 'Task queue is at limit' || message === 'No task queue available and all Workers are busy';
}

@Injectable()
export class DossierPdfPool implements OnApplicationShutdown {
  private pool?: Piscina<DossierPdfTask, Uint8Array>;

  constructor(@Inject(APP_CONFIG) private readonly config: ResolvedConfig) {}

  /** The dossier as PDF bytes, rendered in a worker thread; DossierBusyProblem when the node is at its cap. */
  async render(dossier: Dossier, options: DossierPdfOptions = {}): Promise<Buffer> {
    this.pool ??= new Piscina<DossierPdfTask, Uint8Array>({
      filename: dossierWorkerFile(),
      minThreads: 0,
      maxThreads: this.config.dossierPdf.threads,
      maxQueue: this.config.dossierPdf.queue,
      idleTimeout: 60_000,
      closeTimeout: 5_000,
    });
    try {
      const bytes = await this.pool.run({ dossier, options });
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (err) {
      if (isQueueFull(err)) throw new DossierBusyProblem();
      throw err;
    }
  }

  /** After the HTTP server closed: lets a rendering in progress finish (at most 5 s), then ends the threads. */
  async onApplicationShutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close().catch(() => pool.destroy());
  }
}
