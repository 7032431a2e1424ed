import { Injectable } from '@nestjs/common';

/** Ready once migrations are applied and initial credentials and demo data are written; no longer once stopping. */
@Injectable()
export class Readiness {
  private ready = false;
  private stopping = false;
  markReady(): void {
    this.ready = true;
  }
  /** Shutdown began: /health answers 503 (requests in flight and on open connections are still served). */
  markStopping(): void {
    this.stopping = true;
  }
  isReady(): boolean {
    return this.ready;
  }
  isStopping(): boolean {
    return this.stopping;
  }
}
