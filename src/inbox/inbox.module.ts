import { Inject, Injectable, Module, type BeforeApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { RequestsModule } from '../requests/requests.module.js';
import { FolderSource } from './folder-source.js';
import { ImapSource } from './imap-source.js';
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

  constructor(
    private readonly inbox: InboxService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The folder source (tests and the benchmark drive it directly). */
  get folderSource(): FolderSource | undefined {
    return this.folder;
  }

  get imapSource(): ImapSource | undefined {
    return this.imap;
  }

  async start(): Promise<void> {
    if (!this.config.inbox.enabled || this.folder || this.imap) return;
    const { imapUrl, imapDoneFolder, pollMs } = this.config.inbox;
    if (imapUrl) {
      this.imap = new ImapSource(imapUrl, imapDoneFolder, this.inbox, this.logger, pollMs);
      this.imap.start();
      this.logger.info({ source: 'imap', doneFolder: imapDoneFolder, pollMs }, 'mail intake started');
      return;
    }
    this.folder = new FolderSource(join(this.config.dataDir, 'inbox'), this.inbox, this.logger, this.config.inbox.pollMs);
    await this.folder.start();
    this.logger.info({ source: 'folder', pollMs: this.config.inbox.pollMs }, 'mail intake started');
  }

  async beforeApplicationShutdown(): Promise<void> {
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
