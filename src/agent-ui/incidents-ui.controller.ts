/**
 * Incidents in the agent workspace: "Verkeerd verstuurd" beside a forwarding (POST
 * /ui/requests/:id/forwardings/:fid/sent-in-error, with a short description), and the page
 * /ui/incidents where the privacy officer assesses them (art 33(2)).
 *
 * Registered in AgentUiModule BEFORE UiController: its route …/forwardings/:fid/:action would
 * otherwise take …/sent-in-error (and answer 404).
 */
import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AgentsService } from '../agents/agents.service.js';
import { str, localToIso, type FormBody } from './forms.js';
import { QueueService } from './queue.service.js';
import { sendHtml, UI_PATH, UiAccessLevel, UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import { actorOf, layoutFor, Views } from '../http/views.js';
import { actorText } from './view-models.js';
import { Inject } from '@nestjs/common';
import { ProblemException, ValidationProblem } from '../common/problem.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { incidentAssessmentSchema, sentInErrorSchema } from '../incidents/incidents.schemas.js';
import { IncidentsService, type Incident } from '../incidents/incidents.service.js';
import { authorityClockText } from '../incidents/authority-clock.js';
import { supervisoryAuthority } from '../vocabulary/vocabulary.js';
import { dutchDateTime } from '../http/views.js';

const MAIL_STATUS: Record<string, string> = {
  queued: 'staat klaar om te versturen',
  sending: 'wordt verstuurd',
  sent: 'verstuurd',
  failed: 'kon niet worden bezorgd',
  withheld: 'tegengehouden',
};

/** The deletion request to the wrong recipient in one Dutch sentence. */
export function deletionText(i: Pick<Incident, 'deletion' | 'controllerName'>): string {
  const d = i.deletion;
  if (d.state === 'confirmed') {
    return `${i.controllerName} heeft op ${dutchDateTime(d.confirmedAt!)} bevestigd dat de gegevens zijn verwijderd${d.confirmedBy ? ` (${d.confirmedBy})` : ''}.`;
  }
  if (d.state === 'requested') return `Gevraagd om de gegevens te verwijderen (${dutchDateTime(d.requestedAt!)}); nog niet bevestigd.`;
  return 'Geen verzoek tot verwijdering gestuurd: de e-mail was nog niet verstuurd toen de fout werd gemeld.';
}

@Controller('ui')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class IncidentsUiController {
  constructor(
    private readonly views: Views,
    private readonly incidents: IncidentsService,
    private readonly agents: AgentsService,
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Post('requests/:id/forwardings/:fid/sent-in-error')
  async sentInError(@Req() req: UiRequest, @Param('id') id: string, @Param('fid') forwardingId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const parsed = sentInErrorSchema.safeParse({ description: str(body ?? {}, 'description') });
    if (!parsed.success) {
      throw new UiError(400, 'Niet vastgelegd', 'Beschrijf in een paar woorden wat er misging (minstens 5 en hoogstens 1000 tekens). Ga terug en probeer het opnieuw.');
    }
    try {
      await this.incidents.reportSentInError(id, forwardingId, parsed.data.description, actorOf(req.ui!));
    } catch (err) {
      if (err instanceof ProblemException && err.status === 404) throw new UiError(404, 'Niet gevonden', 'Deze doorsturing hoort niet bij dit verzoek.');
      if (err instanceof ProblemException && err.code === 'already-reported') {
        throw new UiError(409, 'Al gemeld', 'Deze doorsturing is al gemeld als verkeerd verstuurd. Het incident staat onder Incidenten.');
      }
      if (err instanceof ProblemException && (err.status === 422 || err.status === 409)) {
        throw new UiError(
          err.status,
          'Niet gelukt',
          'Dat kan nu niet: het verzoek is afgesloten, de instructie wordt al uitgevoerd, of het verzoek is intussen gewijzigd. Laad de pagina opnieuw.',
        );
      }
      throw err;
    }
    this.queue.invalidateCounts();
    res.status(303).setHeader('Location', `${UI_PATH}/requests/${id}?gedaan=FORWARDING_MISDIRECTED#tijdlijn`).end();
  }

  @Get('incidents')
  async page(@Req() req: UiRequest, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const banner = query.beoordeeld === '1' ? { kind: 'success', text: 'De beoordeling is vastgelegd.' } : null;
    await this.render(req, res, 200, banner, null);
  }

  /** The privacy officer's: admins only (the form is not offered to agents). */
  @Post('incidents/:iid/assessment')
  @UiAccessLevel('admin')
  async assess(@Req() req: UiRequest, @Param('iid') incidentId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const b = body ?? {};
    const notifiable = str(b, 'notifiable');
    const own = str(b, 'owner') === 'verwerker';
    const input = {
      notifiable: notifiable === 'ja' ? true : notifiable === 'nee' ? false : undefined,
      reasoning: str(b, 'reasoning'),
      processorIsController: own,
      ...(notifiable === 'ja' && !own && str(b, 'notifiedControllerId') ? { notifiedControllerId: str(b, 'notifiedControllerId') } : {}),
      ...(notifiable === 'ja' && own && str(b, 'authorityDate')
        ? { authorityNotifiedAt: localToIso(str(b, 'authorityDate'), str(b, 'authorityTime'), this.config.processor.country) }
        : {}),
    };
    const parsed = incidentAssessmentSchema.safeParse(input);
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
      const missing = [
        fields.has('notifiable') ? 'kies of het incident gemeld moet worden' : '',
        fields.has('reasoning') ? 'geef een onderbouwing (minstens 10 tekens)' : '',
        fields.has('notifiedControllerId') ? 'kies van welke verwerkingsverantwoordelijke de gegevens zijn (die krijgt de melding)' : '',
        fields.has('authorityNotifiedAt') ? 'vul in wanneer u het bij de toezichthouder hebt gemeld (datum en tijd)' : '',
      ].filter(Boolean);
      return this.render(req, res, 400, { kind: 'error', text: `De beoordeling is niet vastgelegd: ${missing.join('; ')}.` }, incidentId);
    }
    try {
      await this.incidents.assess(incidentId, parsed.data, actorOf(req.ui!));
    } catch (err) {
      if (err instanceof ValidationProblem) throw err;
      if (err instanceof ProblemException && err.status === 404) throw new UiError(404, 'Niet gevonden', 'Dit incident bestaat niet.');
      if (err instanceof ProblemException && err.status === 409) {
        return this.render(req, res, 409, { kind: 'error', text: 'Dit incident is al beoordeeld; de eerdere beoordeling blijft staan.' }, null);
      }
      if (err instanceof ProblemException && err.status === 422) {
        const text =
          err.code === 'wrong-recipient'
            ? 'De melding gaat naar de verwerkingsverantwoordelijke van wie de gegevens zijn, niet naar de organisatie die ze per vergissing kreeg. Kies een andere.'
            : err.code === 'processor-is-controller'
              ? 'Dat zijn wijzelf. Kies "de gegevens zijn van ons" als wij zelf verwerkingsverantwoordelijke zijn.'
              : 'De datum van de melding ligt in de toekomst, of de verwerkingsverantwoordelijke bestaat niet. Controleer het formulier.';
        return this.render(req, res, 422, { kind: 'error', text }, incidentId);
      }
      throw err;
    }
    res.status(303).setHeader('Location', `${UI_PATH}/incidents?beoordeeld=1`).end();
  }

  private async render(req: UiRequest, res: Response, status: number, banner: { kind: string; text: string } | null, openForm: string | null): Promise<void> {
    const [items, agents, controllers] = await Promise.all([this.incidents.list(), this.agents.list(), this.queue.controllerOptions(false)]);
    const names = new Map(agents.map((a) => [a.username, a.displayName]));
    const view = (i: Incident) => ({
      id: i.id,
      requestId: i.requestId,
      reference: i.reference,
      controllerName: i.controllerName,
      controllerId: i.controllerId,
      description: i.description,
      reportedBy: actorText(i.reportedBy, names),
      reportedAt: i.reportedAt,
      open: i.status === 'open',
      formOpen: openForm === i.id,
      exposure: [
        i.exposure.linkOpened ? 'de link is geopend' : 'de link is niet geopend',
        i.exposure.detailsViewed ? 'de gegevens van de verzoeker zijn bekeken' : 'de gegevens van de verzoeker zijn niet bekeken',
        ...(i.exposure.documentsDownloaded ? ['er is een conceptbrief of export gedownload (met persoonsgegevens)'] : []),
        ...(i.exposure.decided ? ['er is een besluit doorgegeven'] : []),
      ].join('; '),
      deletion: deletionText(i),
      clock: i.authorityClock ? { text: authorityClockText(i.authorityClock, this.config.processor.country), overdue: i.authorityClock.overdue } : null,
      authorityName: supervisoryAuthority(this.config.processor.country).name,
      assessment: i.assessment
        ? {
            notifiable: i.assessment.notifiable,
            processorIsController: i.assessment.processorIsController,
            reasoning: i.assessment.reasoning,
            notifiedControllerName: i.assessment.notifiedControllerName ?? '',
            notifiedAt: i.assessment.notifiedAt ?? '',
            noticeStatus: i.assessment.breachNotice ? MAIL_STATUS[i.assessment.breachNotice.status] ?? i.assessment.breachNotice.status : '',
            authorityName: i.assessment.authority?.name ?? '',
            authorityNotifiedAt: i.assessment.authorityNotifiedAt ?? '',
            assessedBy: actorText(i.assessment.assessedBy, names),
            assessedAt: i.assessment.assessedAt,
          }
        : null,
      // The controller whose request it was is normally the one to notify, never the wrong recipient.
      controllerOptions: controllers
        .filter((c) => c.id !== i.controllerId)
        .map((c) => ({ value: c.id, label: c.name, selected: c.id === i.suggestedControllerId })),
      ownByDefault: i.suggestedControllerId === null,
    });
    const open = items.filter((i) => i.status === 'open').map(view);
    const assessed = items.filter((i) => i.status !== 'open').map(view);
    const mayAssess = req.ui?.agent.role === 'admin';
    const html = this.views.render('incidents', { banner, open, assessed, mayAssess, authorityName: supervisoryAuthority(this.config.processor.country).name }, layoutFor(req.ui, 'Incidenten', 'incidents'));
    sendHtml(res, html, status);
  }
}
