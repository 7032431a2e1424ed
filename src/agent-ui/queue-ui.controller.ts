/**
 * The queue page of the workspace (GET /ui): sort, search, built-in and personal views with their
 * counts, and bulk actions on the selected rows (POST /ui/bulk), each row through the command
 * layer with its own outcome. Works without JavaScript; public/queue.js only adds shortcuts.
 */
import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { Clock } from '../common/clock.js';
import { ProblemException, ValidationProblem } from '../common/problem.js';
import { UUID } from '../common/validation.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { localDate } from '../deadlines/deadlines.js';
import { AgentsService } from '../agents/agents.service.js';
import { RequestCommands, ROW_REPLY } from '../requests/request-commands.js';
import { RequestsService } from '../requests/requests.service.js';
import { STATE_PATHS } from '../requests/request.types.js';
import { actorOf, layoutFor, Views } from '../http/views.js';
import { list, str, type FormBody } from './forms.js';
import { AWAITING_REQUESTER, isStateFilter, QueueService, VIEW_COUNT_CAP, type QueueFilter } from './queue.service.js';
import { defaultDirection, parseSort, SORT_KEYS, SORT_LABELS, VIEW_KEYS, type ViewKey } from './queue-search.js';
import { canonicalQuery, SavedViewsService } from './saved-views.service.js';
import { sendHtml, UI_PATH, UiError, UiExceptionFilter, UiSessionGuard, type UiRequest } from './ui-auth.js';
import type { UiSession } from './sessions.service.js';
import { senderOf } from './ui.controller.js';
import { clock, compactDate, flagsOf, forwardingsOf, rightCode, stateLabel } from './view-models.js';

const STATE_FILTER_OPTIONS = [
  { value: 'triage', label: stateLabel('triage') + ' (alle)' },
  ...STATE_PATHS.filter((s) => !s.startsWith('closed') && !s.endsWith('.awaitingRequester')).map((value) => ({ value, label: stateLabel(value) })),
  { value: AWAITING_REQUESTER, label: stateLabel('triage.awaitingRequester') },
  { value: 'closed', label: 'Afgesloten' },
];

const VIEW_LABELS: Record<ViewKey, string> = {
  'te-laat': 'Te laat',
  'wacht-op-vv': 'Wacht langer dan 5 werkdagen op de verwerkingsverantwoordelijke',
  'nieuwe-mail': 'Nieuwe mail',
  'rechten-vaststellen': 'Rechten vaststellen',
};

const BULK_ACTIONS = ['toewijzen', 'notitie', 'dubbel'] as const;
type BulkAction = (typeof BULK_ACTIONS)[number];
const MAX_BULK = 200;

interface Banner {
  kind: 'error' | 'success';
  text: string;
  details?: string[];
}

/** "12 verzoeken toegewezen aan Anna; 1 overgeslagen: AVG-2026-000003 (al afgesloten)." */
export function bulkSummary(done: number, what: string, skipped: { reference: string; reason: string }[]): Banner {
  const head = `${done} ${done === 1 ? 'verzoek' : 'verzoeken'} ${what}`;
  if (!skipped.length) return { kind: 'success', text: `${head}.` };
  return {
    kind: done ? 'success' : 'error',
    text: `${head}; ${skipped.length} overgeslagen: ${skipped.map((s) => `${s.reference} (${s.reason})`).join(', ')}.`,
  };
}

@Controller('ui')
@UseGuards(UiSessionGuard)
@UseFilters(UiExceptionFilter)
export class QueueUiController {
  constructor(
    private readonly views: Views,
    private readonly agents: AgentsService,
    private readonly queue: QueueService,
    private readonly requests: RequestsService,
    private readonly commands: RequestCommands,
    private readonly savedViews: SavedViewsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Get()
  async queuePage(@Req() req: UiRequest, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.render(req, res, query, null, 200);
  }

  /** Filters from the query string; with none at all an agent with open requests of their own sees those first. */
  private async filterOf(session: UiSession, query: Record<string, unknown>) {
    const q = (name: string) => (typeof query[name] === 'string' ? (query[name] as string).slice(0, 300) : '');
    const anyFilter = ['weergave', 'status', 'verantwoordelijke', 'medewerker', 'zoek', 'sorteer'].some((k) => q(k));
    let assigneeRaw = q('medewerker');
    let defaulted = false;
    if (!anyFilter && (await this.queue.viewCount(`mine:${session.agent.id}`, { assignee: session.agent.id })) > 0) {
      assigneeRaw = 'mij';
      defaulted = true;
    }
    const viewRaw = q('weergave');
    const view = (VIEW_KEYS as readonly string[]).includes(viewRaw) ? (viewRaw as ViewKey) : undefined;
    const state = isStateFilter(q('status')) ? q('status') : '';
    const assignee = assigneeRaw === 'mij' ? session.agent.id : assigneeRaw === 'niemand' ? 'none' : assigneeRaw;
    const sort = parseSort(q('sorteer'), q('volgorde'));
    const pageNo = Math.max(1, Number.parseInt(q('pagina') || '1', 10) || 1);
    const filter: QueueFilter = { state, controllerId: q('verantwoordelijke'), assignee, q: q('zoek'), view, sort, page: pageNo };
    const raw = { weergave: view ?? (viewRaw === 'alle' ? 'alle' : ''), status: state, verantwoordelijke: filter.controllerId ?? '', medewerker: assigneeRaw, zoek: filter.q ?? '' };
    return { filter, raw, defaulted, sortGiven: Boolean(q('sorteer')) };
  }

  private async render(req: UiRequest, res: Response, query: Record<string, unknown>, banner: Banner | null, status: number): Promise<void> {
    const session = req.ui!;
    const { filter, raw, defaulted, sortGiven } = await this.filterOf(session, query);
    const me = session.agent.id;
    const builtIn = [
      { key: 'mijn', label: 'Mijn verzoeken', query: 'medewerker=mij', countKey: `mine:${me}`, filter: { assignee: me } },
      { key: 'te-laat', label: VIEW_LABELS['te-laat'], query: 'weergave=te-laat', countKey: 'overdue', filter: { view: 'te-laat' as const } },
      { key: 'wacht-op-vv', label: VIEW_LABELS['wacht-op-vv'], query: 'weergave=wacht-op-vv', countKey: 'controller-wait', filter: { view: 'wacht-op-vv' as const } },
      { key: 'nieuwe-mail', label: VIEW_LABELS['nieuwe-mail'], query: 'weergave=nieuwe-mail', countKey: 'new-mail', filter: { view: 'nieuwe-mail' as const } },
      {
        key: 'rechten-vaststellen',
        label: VIEW_LABELS['rechten-vaststellen'],
        query: 'weergave=rechten-vaststellen',
        countKey: 'rights-to-establish',
        filter: { view: 'rechten-vaststellen' as const },
      },
      { key: 'niet-toegewezen', label: 'Niet toegewezen', query: 'medewerker=niemand', countKey: 'unassigned', filter: { assignee: 'none' } },
    ];
    // The page, the lists for the forms and the views with their counts, all at once.
    const [result, agents, controllers, builtInCounts, personal] = await Promise.all([
      this.queue.page(filter),
      this.agents.list(),
      this.queue.controllerOptions(false),
      Promise.all(builtIn.map((v) => this.queue.viewCount(v.countKey, v.filter))),
      this.savedViews.list(session.agent.id).then((views) =>
        Promise.all(
          views.map(async (v) => {
            const { filter: f } = await this.filterOf(session, { ...Object.fromEntries(new URLSearchParams(v.query)), weergave: new URLSearchParams(v.query).get('weergave') ?? 'alle' });
            const { page: _page, sort: _sort, ...countFilter } = f;
            return { ...v, count: await this.queue.viewCount(`view:${v.id}:${v.query}`, countFilter) };
          }),
        ),
      ),
    ]);
    const today = localDate(this.clock.now(), this.config.processor.country);
    const agentNames = new Map(agents.map((a) => [a.id, a.displayName]));
    const rows = result.rows.map(({ row, resource, undeliverable, newMail, controllers: cs }) => {
      const forwardings = forwardingsOf(resource);
      return {
        id: row.id,
        version: row.version,
        reference: row.reference,
        externalRef: row.externalRef ?? '',
        received: compactDate(resource.deadlines.receivedDate, today),
        receivedFull: resource.deadlines.receivedDate,
        rights: row.rights.map(rightCode),
        requesterName: row.requesterName ?? '',
        controllers: cs.map((c) => {
          const fw = forwardings.find((f) => f.controllerName === c.name || f.id === c.id);
          return { name: c.name, detail: fw ? `${c.name}: ${fw.state}` : c.name };
        }),
        state: stateLabel(row.state),
        clock: clock(row, resource, today, this.config.extraNonWorkingDays),
        flags: flagsOf(resource, undeliverable, { newMail }),
        assignee: row.assigneeId ? (agentNames.get(row.assigneeId) ?? '') : '',
      };
    });

    const sort = filter.sort!;
    const base = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...raw, ...(sortGiven ? { sorteer: sort.key, volgorde: sort.direction } : {}) })) if (v) base.set(k, v);
    const link = (params: URLSearchParams) => {
      const s = params.toString();
      return s ? `${UI_PATH}?${s}` : UI_PATH;
    };
    const pageLink = (n: number) => {
      const p = new URLSearchParams(base);
      if (n > 1) p.set('pagina', String(n));
      return link(p);
    };
    const sortLink = (key: (typeof SORT_KEYS)[number]) => {
      const p = new URLSearchParams(base);
      const direction = sort.key === key ? (sort.direction === 'op' ? 'af' : 'op') : defaultDirection(key);
      p.set('sorteer', key);
      p.set('volgorde', direction);
      return link(p);
    };
    const columns = Object.fromEntries(
      SORT_KEYS.map((key) => [
        key,
        {
          label: SORT_LABELS[key],
          link: sortLink(key),
          sort: sort.key === key ? (sort.direction === 'op' ? 'ascending' : 'descending') : null,
          arrow: sort.key === key ? (sort.direction === 'op' ? '▲' : '▼') : '',
        },
      ]),
    );

    // The views: built-in ones, then the agent's own, each with its (capped) count.
    const current = canonicalQuery(base);
    const viewItems = [
      ...builtIn.map((v, i) => ({
        label: v.label,
        link: `${UI_PATH}?${v.query}`,
        count: builtInCounts[i]!,
        current: current === v.query || (defaulted && v.key === 'mijn'),
        id: null as string | null,
      })),
      ...personal.map((v) => ({ label: v.name, link: `${UI_PATH}?${v.query}`, count: v.count, current: current === v.query, id: v.id as string | null })),
    ];
    const views = viewItems.map((v) => ({ ...v, countText: v.count > VIEW_COUNT_CAP ? `${VIEW_COUNT_CAP}+` : String(v.count) }));
    const allCurrent = !defaulted && (current === '' || current === 'weergave=alle');

    // One chip per label: both "waiting for the requester" states count as one.
    const chips: { state: string; label: string; count: number }[] = [];
    for (const s of result.stateCounts) {
      const state = s.state.endsWith('.awaitingRequester') ? AWAITING_REQUESTER : s.state;
      const chip = chips.find((c) => c.state === state);
      if (chip) chip.count += s.count;
      else chips.push({ state, label: stateLabel(s.state), count: s.count });
    }

    const filtered = Boolean(raw.status || raw.verantwoordelijke || raw.medewerker || raw.zoek || raw.weergave);
    const html = this.views.render(
      'queue',
      {
        banner,
        rows,
        total: result.total,
        totalCapped: result.totalCapped,
        openTotal: result.openTotal,
        page: result.page,
        pages: result.pages,
        prev: result.page > 1 ? pageLink(result.page - 1) : null,
        next: result.page < result.pages ? pageLink(result.page + 1) : null,
        columns,
        views,
        allLink: `${UI_PATH}?weergave=alle`,
        allCurrent,
        defaulted,
        stateCounts: chips.map((c) => ({ ...c, link: `${UI_PATH}?status=${encodeURIComponent(c.state)}`, current: c.state === raw.status })),
        filter: { state: raw.status, controllerId: raw.verantwoordelijke, assignee: raw.medewerker, q: raw.zoek, view: raw.weergave, sort: sortGiven ? sort : null },
        filtered,
        canSave: Boolean(current) && current !== 'weergave=alle' && !views.some((v) => v.current && !defaulted),
        currentQuery: current,
        returnQuery: base.toString(),
        stateOptions: STATE_FILTER_OPTIONS,
        agentOptions: agents.filter((a) => a.active).map((a) => ({ value: a.id, label: a.displayName, me: a.id === me })),
        controllerOptions: controllers.map((c) => ({ value: c.id, label: c.name, selected: c.id === filter.controllerId })),
      },
      { ...layoutFor(session, 'Wachtrij', 'queue'), skipTo: rows.length ? { href: '#regels', label: 'Direct naar de verzoeken' } : null },
    );
    sendHtml(res, html, status);
  }

  // ---- saved views ------------------------------------------------------------------------------

  @Post('views')
  async saveView(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const session = req.ui!;
    const query = canonicalQuery(new URLSearchParams(str(body, 'query')));
    const back = Object.fromEntries(new URLSearchParams(query));
    const outcome = await this.savedViews.save(session.agent.id, str(body, 'name'), query);
    if (outcome.ok) {
      res.status(303).setHeader('Location', query ? `${UI_PATH}?${query}` : UI_PATH).end();
      return;
    }
    const text = {
      name: 'Geef de weergave een naam van hoogstens 60 tekens.',
      empty: 'Kies eerst filters, een zoekopdracht of een sortering; die worden als weergave bewaard.',
      'too-many': 'U hebt al 30 eigen weergaven. Verwijder er eerst een.',
      exists: 'U hebt al een weergave met deze naam. Kies een andere naam.',
    }[outcome.reason];
    await this.render(req, res, back, { kind: 'error', text }, 400);
  }

  @Post('views/:id/delete')
  async deleteView(@Req() req: UiRequest, @Param('id') id: string, @Res() res: Response): Promise<void> {
    await this.savedViews.remove(req.ui!.agent.id, id);
    res.status(303).setHeader('Location', `${UI_PATH}?weergave=alle`).end();
  }

  // ---- bulk actions -----------------------------------------------------------------------------

  @Post('bulk')
  async bulk(@Req() req: UiRequest, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const session = req.ui!;
    const back = Object.fromEntries(new URLSearchParams(str(body, 'terug')));
    const action = str(body, 'actie') as BulkAction;
    const selected = list(body, 'ids')
      .map((v) => {
        const [id, version] = v.split(':');
        return { id: id ?? '', version: Number.parseInt(version ?? '', 10) };
      })
      .filter((s) => UUID.test(s.id) && Number.isInteger(s.version));
    const fail = (text: string) => this.render(req, res, back, { kind: 'error', text }, 400);
    if (!BULK_ACTIONS.includes(action)) return fail('Kies wat u met de geselecteerde verzoeken wilt doen.');
    if (!selected.length) return fail('Selecteer eerst een of meer verzoeken met de vakjes voor de regels.');
    if (selected.length > MAX_BULK) return fail(`Selecteer hoogstens ${MAX_BULK} verzoeken tegelijk.`);

    const skipped: { reference: string; reason: string }[] = [];
    let done = 0;
    let what: string;
    const rows = await Promise.all(selected.map((s) => this.requests.row(s.id).catch(() => null)));
    if (action === 'toewijzen') {
      const to = str(body, 'aan');
      let agentId: string | null;
      let name: string;
      if (to === 'niemand') {
        agentId = null;
        name = '';
      } else {
        const agent = to === 'mij' ? await this.agents.get(session.agent.id) : await this.agents.get(to);
        if (!agent || !agent.active) return fail('Kies een actieve collega om de verzoeken aan toe te wijzen.');
        agentId = agent.id;
        name = agent.id === session.agent.id ? 'u' : agent.displayName;
      }
      what = agentId ? `toegewezen aan ${name}` : 'vrijgegeven (niet meer toegewezen)';
      for (const [i, row] of rows.entries()) {
        if (!row) {
          skipped.push({ reference: selected[i]!.id.slice(0, 8), reason: 'niet gevonden' });
          continue;
        }
        if (row.closedAt) skipped.push({ reference: row.reference, reason: 'al afgesloten' });
        else if (row.assigneeId === agentId) skipped.push({ reference: row.reference, reason: agentId ? `was al toegewezen aan ${name}` : 'was al niet toegewezen' });
        else if (await this.queue.assign(row.id, agentId, actorOf(session), this.clock.now())) done++;
        else skipped.push({ reference: row.reference, reason: 'intussen gewijzigd' });
      }
    } else {
      const event =
        action === 'notitie' ? { type: 'NOTE', text: str(body, 'tekst') } : { type: 'MARK_DUPLICATE', of: str(body, 'van').trim().toUpperCase() };
      if (action === 'notitie' && !str(body, 'tekst').trim()) return fail('Schrijf eerst de notitie die bij de geselecteerde verzoeken moet komen.');
      if (action === 'dubbel' && !/^AVG-\d{4}-\d{6,}$/.test(String(event.of))) return fail('Vul het kenmerk in van het verzoek waarvan deze verzoeken een dubbel zijn, bijvoorbeeld AVG-2026-000123.');
      what = action === 'notitie' ? 'kregen de notitie' : `gemarkeerd als dubbel van ${String(event.of)}`;
      for (const [i, row] of rows.entries()) {
        const s = selected[i]!;
        if (!row) {
          skipped.push({ reference: s.id.slice(0, 8), reason: 'niet gevonden' });
          continue;
        }
        if (action === 'dubbel' && row.reference === event.of) {
          skipped.push({ reference: row.reference, reason: 'is zelf dat verzoek' });
          continue;
        }
        try {
          await this.commands.send(row.id, event, { sender: senderOf(session), expectedVersion: () => s.version, reply: ROW_REPLY });
          done++;
        } catch (err) {
          skipped.push({ reference: row.reference, reason: bulkRefusal(err, row.closedAt !== null) });
        }
      }
    }
    this.queue.invalidateCounts();
    const summary = bulkSummary(done, what, skipped);
    // The page itself (not a redirect): the summary belongs to this one submission. A resubmission
    // is harmless: assigning twice is skipped, and a note or duplicate mark carries the version seen.
    await this.render(req, res, back, summary, 200);
  }
}

function bulkRefusal(err: unknown, closed: boolean): string {
  if (closed) return 'al afgesloten';
  if (err instanceof ProblemException && err.status === 409) return 'intussen gewijzigd door iemand anders';
  if (err instanceof ValidationProblem) return 'ongeldige invoer';
  if (err instanceof ProblemException && err.status === 422) return 'kan niet in deze stap';
  if (err instanceof ProblemException && err.status === 404) return 'niet gevonden';
  if (err instanceof UiError) return 'niet gelukt';
  throw err;
}
