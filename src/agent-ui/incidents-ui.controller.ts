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
    const input = {
      notifiable: notifiable === 'ja' ? true : notifiable === 'nee' ? false : undefined,
      reasoning: str(b, 'reasoning'),
      ...(notifiable === 'ja' && str(b, 'notifiedControllerId') ? { notifiedControllerId: str(b, 'notifiedControllerId') } : {}),
      ...(notifiable === 'ja' && str(b, 'notifiedDate')
        ? { notifiedAt: localToIso(str(b, 'notifiedDate'), str(b, 'notifiedTime'), this.config.processor.country) }
        : {}),
    };
    const parsed = incidentAssessmentSchema.safeParse(input);
    if (!parsed.success) {
      const fields = new Set(parsed.error.issues.map((i) => String(i.path[0])));
      const missing = [
        fields.has('notifiable') ? 'kies of het incident gemeld moet worden' : '',
        fields.has('reasoning') ? 'geef een onderbouwing (minstens 10 tekens)' : '',
        fields.has('notifiedControllerId') ? 'kies aan welke verwerkingsverantwoordelijke u het hebt gemeld' : '',
        fields.has('notifiedAt') ? 'vul in wanneer u het hebt gemeld (datum en tijd)' : '',
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
        return this.render(req, res, 422, { kind: 'error', text: 'De datum van de melding ligt in de toekomst, of de verwerkingsverantwoordelijke bestaat niet. Controleer het formulier.' }, incidentId);
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
      assessment: i.assessment
        ? {
            notifiable: i.assessment.notifiable,
            reasoning: i.assessment.reasoning,
            notifiedControllerName: i.assessment.notifiedControllerName ?? '',
            notifiedAt: i.assessment.notifiedAt ?? '',
            assessedBy: actorText(i.assessment.assessedBy, names),
            assessedAt: i.assessment.assessedAt,
          }
        : null,
      // The controller whose request it was is normally the one to notify, never the wrong recipient.
      controllerOptions: controllers.filter((c) => c.id !== i.controllerId).map((c) => ({ value: c.id, label: c.name })),
    });
    const open = items.filter((i) => i.status === 'open').map(view);
    const assessed = items.filter((i) => i.status !== 'open').map(view);
    const mayAssess = req.ui?.agent.role === 'admin';
    const html = this.views.render('incidents', { banner, open, assessed, mayAssess }, layoutFor(req.ui, 'Incidenten', 'incidents'));
    sendHtml(res, html, status);
  }
}
