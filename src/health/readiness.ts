import { Injectable } from '@nestjs/common';

/** Ready once migrations are applied and initial credentials and demo data are written. */
@Injectable()
export class Readiness {
  private ready = false;
  markReady(): void {
    this.ready = true;
  }
  isReady(): boolean {
    return this.ready;
  }
}
