/**
 * The mails of a request on its page (src/inbox): the mail it was filed with (the rights the
 * classifier suggests, ticked in a one-click "Rechten bevestigen" form, or "Rechten vaststellen"), replies from the requester, another sender or a
 * controller, each marked as new until an agent has seen it.
 */
import { Controller, Get, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { InboxService, type RequestAttachment, type RequestMail } from '../inbox/inbox.service.js';
import { actorOf } from '../http/views.js';
import { QueueService } from './queue.service.js';
import { UI_PATH, UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import { RIGHT_OPTIONS, rightText } from './view-models.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface InboxPanel {
  /** Filed from the mailbox: the classifier's suggestion (empty: "Rechten vaststellen"). */
  fromMail: boolean;
  suggestedRights: string[];
  /** The request's rights await an agent's confirmation (CONFIRM_RIGHTS is allowed). */
  rightsToConfirm: boolean;
  /** Every right, the suggested ones ticked: the "Rechten bevestigen" form. */
  rightChoices: { value: string; label: string; checked: boolean }[];
  needsRights: boolean;
  mails: {
    id: string;
    first: boolean;
    from: string;
    subject: string;
    text: string;
    at: Date;
    isNew: boolean;
    otherSender: boolean;
    fromController: boolean;
  }[];
  newReplies: number;
  attachments: { id: string; filename: string; size: string; possibleIdDocument: boolean; destroyedAt: Date | null }[];
}

/**
 * The panel of a request's mails; `rightsToConfirm`: the request's rights still await an agent's
 * confirmation (its allowed events include CONFIRM_RIGHTS).
 */
export function inboxPanel(mails: readonly RequestMail[], rightsToConfirm: boolean, attachments: readonly RequestAttachment[] = []): InboxPanel {
  const first = mails.find((m) => m.kind === 'request');
  const suggested: readonly string[] = first?.suggestedRights ?? [];
  return {
    fromMail: first !== undefined,
    suggestedRights: suggested.map(rightText),
    rightsToConfirm: first !== undefined && rightsToConfirm,
    rightChoices: RIGHT_OPTIONS.map((o) => ({ ...o, checked: suggested.includes(o.value) })),
    needsRights: first !== undefined && rightsToConfirm && suggested.length === 0,
    mails: mails.map((m) => ({
      id: m.id,
      first: m.kind === 'request',
      from: m.fromName ? `${m.fromName} <${m.fromAddress ?? ''}>` : (m.fromAddress ?? ''),
      subject: m.subject ?? '',
      text: m.text ?? '',
      at: m.receivedAt,
      isNew: m.kind === 'reply' && m.handledAt === null,
      otherSender: m.otherSender,
      fromController: m.forwardingId !== null,
    })),
    newReplies: mails.filter((m) => m.kind === 'reply' && m.handledAt === null).length,
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename ?? 'bijlage',
      size: a.size >= 1024 * 1024 ? `${(a.size / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(a.size / 1024))} kB`,
      possibleIdDocument: a.possibleIdDocument,
      destroyedAt: a.destroyedAt,
    })),
  };
}

@Controller('ui')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class InboxUiController {
  constructor(
    private readonly inbox: InboxService,
    private readonly queue: QueueService,
  ) {}

  /** An attachment, opened (for agents only; never forwarded to a controller). */
  @Get('requests/:id/attachments/:attachmentId')
  async attachment(@Param('id') id: string, @Param('attachmentId') attachmentId: string, @Res() res: Response): Promise<void> {
    const found = UUID.test(id) && UUID.test(attachmentId) ? await this.inbox.openAttachment(id, attachmentId) : undefined;
    if (!found) throw new UiError(404, 'Niet gevonden', 'Deze bijlage bestaat niet (meer): ze is vernietigd of verwijderd.');
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(found.filename)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).end(found.content);
  }

  /** "Gezien": the reply no longer shows as new (a second click changes nothing). */
  @Post('requests/:id/mails/:mailId/seen')
  async seen(@Req() req: UiRequest, @Param('id') id: string, @Param('mailId') mailId: string, @Res() res: Response): Promise<void> {
    if (!UUID.test(id) || !UUID.test(mailId)) throw new UiError(404, 'Niet gevonden', 'Deze e-mail bestaat niet.');
    await this.inbox.markSeen(id, mailId, actorOf(req.ui!));
    this.queue.invalidateCounts();
    res.status(303).setHeader('Location', `${UI_PATH}/requests/${id}#e-mails`).end();
  }
}
