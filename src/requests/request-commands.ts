/**
 * The one command layer every face uses to file a request or send it an event (the API, the
 * agent UI, the processor-task forms): validation (request.schemas.ts), who may send what, the
 * version the sender saw (If-Match, the form's hidden version) and the Idempotency-Key's record.
 * Faces only translate HTTP or a form into a command, and the result or its ProblemException
 * into HTTP (problem+json) or HTML (a Dutch message).
 *
 * Idempotency: with a claim, the call's response is built and stored in the SAME transaction as
 * the intake or the event's transition (WorkflowRunner `within`), so once the work is committed
 * a retry replays that response — after a crash, a lost connection or a failure after the
 * commit — and a claim still `in-progress` always belongs to work that did not commit.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isLanguage, LANGUAGES, requesterLanguageOf } from '../vocabulary/language.js';
import { faultAfterCommit } from '../common/fault-injection.js';
import { ValidationProblem } from '../common/problem.js';
import { parseOrThrow } from '../common/validation.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { IdempotencyStore, type IdempotencyClaim, type StoredResponse } from '../commands/idempotency-store.js';
import { completionProblem } from './completion-facts.js';
import { IntakeService } from './intake.service.js';
import type { RequestRow } from './request-row.js';
import { clientEventSchema, type ClientEvent } from './request.schemas.js';
import { SENDABLE_EVENTS, sendableEvents, senderVisibility, type CommandSender } from './senders.js';
import { trimStrings } from '../common/validation.js';
import { RequestsService } from './requests.service.js';
import { VersionConflictProblem, WorkflowRunner, type WithinTransaction } from './workflow-runner.js';

type Queryable = Pick<EntityManager, 'query'>;

/** What the face makes of the written request, and (with an Idempotency-Key) how that is stored as its response. */
export interface CommandReply<T> {
  /** Reads only through `db` (the command's transaction when the reply is stored with it). */
  build(row: RequestRow, db?: Queryable): Promise<T>;
  idempotency?: { claim: IdempotencyClaim; response(result: T): StoredResponse };
}

/** The written row as the result (a face that redirects). */
export const ROW_REPLY: CommandReply<RequestRow> = { build: async (row) => row };

export interface EventCommand<T> {
  sender: CommandSender;
  /**
   * The version the sender saw; read after the request was found (an unknown request is a 404
   * first). `undefined`: If-Match `*`, any current version.
   */
  expectedVersion: () => number | undefined;
  reply: CommandReply<T>;
}

@Injectable()
export class RequestCommands {
  constructor(
    private readonly intake: IntakeService,
    private readonly requests: RequestsService,
    private readonly runner: WorkflowRunner,
    private readonly idempotency: IdempotencyStore,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly db: DataSource,
  ) {}

  /**
   * The requester's language (nl, fr, en): the letters queued or rendered from now on and the
   * verification page use it. Found and visible to the sender (else 404), validated (400); a
   * change is the request event SET_LANGUAGE through the runner (REQUESTER_LANGUAGE_CHANGED on the
   * timeline, the codes only; 422 on a closed request). False when the request already had that
   * language (no event).
   */
  async setRequesterLanguage(requestId: string, language: unknown, sender: CommandSender): Promise<boolean> {
    const row = await this.requests.row(requestId, senderVisibility(sender));
    if (!isLanguage(language)) throw new ValidationProblem([{ pointer: '/language', detail: `One of ${LANGUAGES.join(', ')}.` }]);
    if (row.requesterLanguage === language) return false;
    await this.runner.apply(row.id, { type: 'SET_LANGUAGE', language }, { actor: sender.actor });
    return true;
  }

  /** An event as this sender may send it (the trimmed body against the schema), else a ValidationProblem. */
  parseEvent(sender: CommandSender, raw: unknown): ClientEvent {
    const event = parseOrThrow(clientEventSchema, trimStrings(raw ?? {}));
    if (!SENDABLE_EVENTS[sender.kind].includes(event.type)) {
      throw new ValidationProblem([{ pointer: '/type', detail: `${event.type} cannot be sent by this client.` }]);
    }
    return event;
  }

  /** Files a request (validated by IntakeService against createRequestSchema). */
  file<T>(body: unknown, sender: CommandSender, reply: CommandReply<T>): Promise<T> {
    return this.run((within) => this.intake.intake(body, { actor: sender.actor, apiClient: sender.apiClient }, within), reply);
  }

  /**
   * Files a request taken in from the privacy mailbox (channel email; no rights: the classifier's
   * suggestion stays with the mail until an agent confirms it with CONFIRM_RIGHTS). `within` runs in the intake's transaction: the mail's claim, so a mail becomes a request
   * exactly once (a claim taken meanwhile rolls the request back).
   */
  fileFromMailbox(body: unknown, within: WithinTransaction): Promise<RequestRow> {
    return this.intake.intake(body, { actor: 'system:inbox' }, within, 'mailbox');
  }

  /** Sends an event: found and visible to the sender (else 404), version (the face's 428/400), validated (400), assignable controllers (422), applied (409/422). */
  async send<T>(requestId: string, raw: unknown, command: EventCommand<T>): Promise<T> {
    const row = await this.requests.row(requestId, senderVisibility(command.sender));
    const expectedVersion = command.expectedVersion();
    const event = this.parseEvent(command.sender, raw);
    // The same language again on an open request: no event, the request as it is (the version is
    // still checked). On a closed one the runner refuses SET_LANGUAGE as any other (422).
    if (event.type === 'SET_LANGUAGE' && event.language === row.requesterLanguage && !row.state.startsWith('closed')) {
      if (expectedVersion !== undefined && expectedVersion !== row.version) throw new VersionConflictProblem(row.version);
      return this.run(async (within) => {
        if (within) await this.db.transaction((tx) => within(row, tx));
        return row;
      }, command.reply);
    }
    if (event.type === 'ASSIGN_CONTROLLER') await this.requests.assertAssignable(event.controllerIds);
    // An in-house completion's letter is written from the privacy facts file in the requester's language (another state refuses COMPLETE itself).
    // The facts are checked for the language of the version read here: COMPLETE applies to that
    // version only (a SET_LANGUAGE meanwhile gives 409, also under `If-Match: *`).
    let appliesTo = expectedVersion;
    if (event.type === 'COMPLETE' && row.state.startsWith('inHouse')) {
      const problem = completionProblem(this.config.privacyFacts[requesterLanguageOf(row, this.config.processorLanguage)], row.rights, event);
      if (problem) throw problem;
      appliesTo ??= row.version;
    }
    const kind = command.sender.kind;
    return this.run(
      (within) =>
        this.runner.apply(row.id, event, {
          actor: command.sender.actor,
          expectedVersion: appliesTo,
          visibleEvents: (events) => sendableEvents(kind, events),
          within,
        }),
      command.reply,
    );
  }

  /** Writes, and builds the reply: with a claim inside the writes' transaction, stored with them. */
  private async run<T>(write: (within?: WithinTransaction) => Promise<RequestRow>, reply: CommandReply<T>): Promise<T> {
    const idempotency = reply.idempotency;
    if (!idempotency) {
      const row = await write();
      faultAfterCommit(this.config.faultAfterCommit);
      return reply.build(row);
    }
    let built: { result: T } | undefined;
    await write(async (row, tx) => {
      const result = await reply.build(row, tx);
      await this.idempotency.completeWithin(tx, idempotency.claim, idempotency.response(result));
      built = { result };
    });
    idempotency.claim.settled = true;
    faultAfterCommit(this.config.faultAfterCommit);
    return built!.result;
  }
}
