import { Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { FolderSource } from './folder-source.js';
import { PollLoop } from '../jobs/poll-loop.js';
import { ImapSource } from './imap-source.js';

/** How soon after a verification step is recorded a possible identity document is destroyed. */
export const ID_DOCUMENT_SWEEP_MS = 5_000;
import { InboxService } from './inbox.service.js';

/**
 * Starts the mail source of this node after the migrations (bootstrap): the folder DATA_DIR/inbox
 * (the default, no configuration), or the IMAP mailbox of IMAP_URL; INBOX=false turns intake off
 * on this node.
 */
@Injectable()
export class InboxSources implements BeforeApplicationShutdown {
  private folder?: FolderSource;
  private imap?: ImapSource;
  /** Destroys possible identity documents once a verification step is recorded (every ID_DOCUMENT_SWEEP_MS). */
  private readonly sweep: PollLoop<number>;

  constructor(
    private readonly inbox: InboxService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.sweep = new PollLoop({ name: 'inbox-id-documents', intervalMs: ID_DOCUMENT_SWEEP_MS, logger, round: () => this.inbox.destroyIdDocuments(), busy: () => false });
  }

  /** The folder source (tests and the benchmark drive it directly). */
  get folderSource(): FolderSource | undefined {
    return this.folder;
  }

  get imapSource(): ImapSource | undefined {
    return this.imap;
  }

  async start(): Promise<void> {
    // On every node, whether or not it takes in mail: a verification decision may be recorded anywhere.
    this.sweep.start();
    if (!this.config.inbox.enabled || this.folder || this.imap) return;
    const { imapUrl, imapDoneFolder, pollMs } = this.config.inbox;
    if (imapUrl) {
      this.imap = new ImapSource(imapUrl, imapDoneFolder, this.inbox, this.logger, pollMs);
      this.imap.start();
      this.logger.debug({ source: 'imap', doneFolder: imapDoneFolder, pollMs }, 'mail intake started');
      return;
    }
    this.folder = new FolderSource(join(this.config.dataDir, 'inbox'), this.inbox, this.logger, this.config.inbox.pollMs);
    await this.folder.start();
    this.logger.debug({ source: 'folder', pollMs: this.config.inbox.pollMs }, 'mail intake started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
    await this.folder?.stop();
    await this.imap?.stop();
  }
}

@Module({
  imports: [RequestsModule],
  providers: [InboxService, InboxSources],
  exports: [InboxService, InboxSources],
})
export class InboxModule {}
