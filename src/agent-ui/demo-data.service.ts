/**
 * Fictional demo data for a fresh start (DEMO_DATA, default on the embedded database only): about
 * 25 requests across the states, filed through intake and moved by workflow events, so every row
 * is one the service could have made itself. Only on an empty requests table; idempotent.
 * Three fictional controllers with identifiers get requests routed to them on intake: waiting for
 * a decision, instructed (an open processor task), handed over, sent in error (an incident); two
 * in-house requests have an identity check under way.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { LOGGER } from '../common/common.module.js';
import { APP_CONFIG, type ResolvedConfig } from '../config/config.module.js';
import { IntakeService } from '../requests/intake.service.js';
import type { Right } from '../requests/request.types.js';
import { RequestsService } from '../requests/requests.service.js';
import { WorkflowRunner } from '../requests/workflow-runner.js';
import { DataControllersService } from '../data-controllers/data-controllers.service.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { VerificationService } from '../verification/verification.service.js';

const DAY = 86_400_000;
export const DEMO_ACTOR = 'demo';

interface DemoRequest {
  name: string;
  email?: string;
  phone?: string;
  address?: string;
  channel: 'helpdesk' | 'email' | 'webform' | 'letter' | 'phone';
  rights: Right[];
  message: string;
  daysAgo: number;
  events: ({ type: string } & Record<string, unknown>)[];
  /** Taken in from the mailbox: no rights until an agent confirms them. */
  fromMailbox?: true;
}

const classify = (scope: string) => ({ type: 'CLASSIFY', scope });
const IN_HOUSE = classify('in-house');

/** All names and addresses are invented; e-mail domains are reserved example domains. */
export const DEMO_REQUESTS: DemoRequest[] = [
  { name: 'Sanne de Vries', email: 'sanne.devries@example.nl', channel: 'helpdesk', rights: ['access'], message: 'Ik wil graag inzage in alle gegevens die over mij zijn vastgelegd.', daysAgo: 33, events: [] },
  { name: 'Pieter Bakker', email: 'p.bakker@example.nl', channel: 'email', rights: ['erasure'], message: 'Verwijder mijn account en alle gegevens alstublieft.', daysAgo: 29, events: [IN_HOUSE] },
  { name: 'Fatima El Amrani', email: 'fatima.elamrani@example.nl', channel: 'webform', rights: ['objection-direct-marketing'], message: 'Ik wil geen nieuwsbrieven en aanbiedingen meer ontvangen.', daysAgo: 2, events: [] },
  { name: 'Jeroen Visser', phone: '+31 6 12345678', channel: 'phone', rights: ['access', 'portability'], message: 'Belde over een kopie van zijn gegevens in een bestand dat hij kan meenemen.', daysAgo: 27, events: [IN_HOUSE, { type: 'VERIFIED' }] },
  { name: 'Lotte Janssens', email: 'lotte.janssens@example.be', channel: 'email', rights: ['rectification'], message: 'Mijn adres staat verkeerd in uw systeem; het juiste adres is Kerkstraat 1, Gent.', daysAgo: 24, events: [IN_HOUSE, { type: 'VERIFIED' }, { type: 'PREPARE_ANSWER' }] },
  { name: 'Mohammed Yilmaz', email: 'm.yilmaz@example.nl', channel: 'helpdesk', rights: ['access'], message: 'Welke gegevens heeft u van mij en aan wie zijn die verstrekt?', daysAgo: 20, events: [IN_HOUSE, { type: 'REQUEST_INFO', reason: 'Wij vragen u te bevestigen vanaf het e-mailadres dat bij uw account hoort.', forIdentification: true }] },
  { name: 'Emma Mertens', email: 'emma.mertens@example.be', channel: 'webform', rights: ['erasure', 'objection'], message: 'Ik maak bezwaar tegen de verwerking en wil dat mijn gegevens worden gewist.', daysAgo: 15, events: [{ type: 'REQUEST_INFO', reason: 'Over welk klantaccount gaat uw verzoek?', forIdentification: false }] },
  { name: 'Daan Smit', email: 'daan.smit@example.nl', channel: 'email', rights: ['access'], message: 'Graag een overzicht van mijn gegevens.', daysAgo: 26, events: [IN_HOUSE, { type: 'EXTEND', reason: 'Uw gegevens staan in vijf systemen die wij elk apart moeten doorzoeken.' }] },
  { name: 'Noor Hendriks', address: 'Voorbeeldlaan 12\n1234 AB Voorbeeldstad', channel: 'letter', rights: ['restriction'], message: 'Per brief: wil dat de verwerking wordt beperkt zolang de juistheid wordt onderzocht.', daysAgo: 9, events: [] },
  { name: 'Bram Claes', email: 'bram.claes@example.be', channel: 'helpdesk', rights: ['consent-withdrawal'], message: 'Ik trek mijn toestemming voor het gebruik van mijn gegevens voor onderzoek in.', daysAgo: 1, events: [] },
  { name: 'Julia van Dijk', email: 'julia.vandijk@example.nl', channel: 'helpdesk', rights: ['access'], message: 'Inzageverzoek via de helpdesk.', daysAgo: 5, events: [] },
  { name: 'Thomas Peeters', email: 'thomas.peeters@example.be', channel: 'email', rights: ['automated-decision'], message: 'Ik wil weten hoe het automatische besluit over mijn aanvraag tot stand kwam.', daysAgo: 12, events: [IN_HOUSE] },
  { name: 'Anouk Mulder', email: 'anouk.mulder@example.nl', channel: 'webform', rights: ['erasure'], message: 'Verwijder al mijn gegevens.', daysAgo: 31, events: [] },
  { name: 'Sem de Boer', email: 's.deboer@example.nl', channel: 'helpdesk', rights: ['portability'], message: 'Graag mijn gegevens in een gangbaar formaat.', daysAgo: 18, events: [IN_HOUSE, { type: 'VERIFIED' }, { type: 'NOTE', text: 'Export staat klaar in het beheerportaal; controleren vóór verzending.' }] },
  // closed
  { name: 'Lisa Maes', email: 'lisa.maes@example.be', channel: 'email', rights: ['access'], message: 'Inzage graag.', daysAgo: 35, events: [IN_HOUSE, { type: 'VERIFIED' }, { type: 'PREPARE_ANSWER' }, { type: 'COMPLETE' }] },
  { name: 'Ruben Koster', email: 'ruben.koster@example.nl', channel: 'helpdesk', rights: ['erasure'], message: 'Verwijder mijn gegevens.', daysAgo: 30, events: [IN_HOUSE, { type: 'VERIFIED' }, { type: 'PREPARE_ANSWER' }, { type: 'COMPLETE' }] },
  { name: 'Eva Wouters', email: 'eva.wouters@example.be', channel: 'webform', rights: ['access'], message: 'Wat weet u van mij?', daysAgo: 22, events: [classify('not-ours')] },
  { name: 'Lucas Jacobs', email: 'lucas.jacobs@example.nl', channel: 'email', rights: ['access'], message: 'Dit is het tiende verzoek deze maand over dezelfde gegevens.', daysAgo: 21, events: [{ type: 'REFUSE', ground: 'excessive', reason: 'Tiende identieke verzoek binnen een maand; alle gegevens zijn op 3 en 10 maart al verstrekt.' }] },
  { name: 'Sophie Willems', email: 'sophie.willems@example.be', channel: 'helpdesk', rights: ['erasure'], message: 'Verwijder mijn gegevens.', daysAgo: 14, events: [{ type: 'WITHDRAW' }] },
  { name: 'Milan Vermeulen', email: 'milan.vermeulen@example.nl', channel: 'email', rights: ['access'], message: 'Nogmaals mijn verzoek om inzage.', daysAgo: 10, events: [] /* marked duplicate of the first below */ },
  { name: 'Tess van Leeuwen', email: 'tess.vanleeuwen@example.nl', channel: 'webform', rights: ['rectification'], message: 'Mijn naam is verkeerd gespeld.', daysAgo: 19, events: [IN_HOUSE, { type: 'VERIFIED' }, { type: 'PREPARE_ANSWER' }, { type: 'COMPLETE' }] },
  { name: 'Jesse Dubois', email: 'jesse.dubois@example.be', channel: 'helpdesk', rights: ['objection'], message: 'Ik maak bezwaar tegen profilering.', daysAgo: 8, events: [IN_HOUSE, { type: 'REFUSE', ground: 'compelling-legitimate-grounds', reason: 'Fraudepreventie weegt hier zwaarder; uitgelegd in het antwoord.', partial: true }] },
  { name: 'Femke Dekker', email: 'femke.dekker@example.nl', channel: 'phone', rights: ['access'], message: 'Telefonisch inzageverzoek.', daysAgo: 3, events: [] },
  { name: 'Ward Lambrechts', email: 'ward.lambrechts@example.be', channel: 'email', rights: ['erasure', 'consent-withdrawal'], message: 'Stop met mailen en verwijder mij.', daysAgo: 6, events: [IN_HOUSE] },
  // A newsletter that reached the privacy mailbox, discarded by an agent (its data purged at once).
  { name: 'Kortingsclub', email: 'nieuws@kortingsclub.example', channel: 'email', rights: [], fromMailbox: true, message: 'Onderwerp: Deze week 50% korting\n\nAlleen deze week: alles voor de helft.', daysAgo: 4, events: [{ type: 'DISCARD' }] },
  { name: 'Iris Bos', email: 'iris.bos@example.nl', channel: 'helpdesk', rights: ['access'], message: 'Inzage in mijn klantdossier.', daysAgo: 38, events: [IN_HOUSE, { type: 'VERIFIED' }] },
];

/** Fictional controllers; every name, address and number is invented (reserved example domains). */
export const DEMO_CONTROLLERS = [
  {
    name: 'Fietsverhuur De Trapper B.V. (fictief)',
    country: 'NL' as const,
    tone: 'u' as const,
    privacyContact: { name: 'Anna Voorbeeld', email: 'privacy@detrapper.example', phone: '+31 20 555 0101' },
    forwardingSlaWorkingDays: 2,
    agreement: { title: 'Verwerkersovereenkomst verhuursoftware', version: '3.0', date: '2025-09-01' },
    identifiers: [
      { type: 'email' as const, value: 'kees.trapper@example.nl' },
      { type: 'email' as const, value: 'yara.wiel@example.nl' },
      { type: 'email' as const, value: 'ole.zadel@example.nl' },
      { type: 'customer-ref' as const, value: 'TRAP-1001' },
      { type: 'phone' as const, value: '06 98765432' },
    ],
  },
  {
    name: 'Zorgboerderij Het Klaverveld (fictief)',
    country: 'NL' as const,
    tone: 'je' as const,
    privacyContact: { email: 'privacy@klaverveld.example' },
    forwardingSlaWorkingDays: 1,
    mayInformRequester: false,
    identifiers: [
      { type: 'email' as const, value: 'gijs.klaver@example.nl' },
      { type: 'email' as const, value: 'mira.hooi@example.nl' },
      { type: 'customer-ref' as const, value: 'KLV-22' },
    ],
  },
  {
    name: 'Brouwerij Den Hop BV (fictief)',
    country: 'BE' as const,
    tone: 'u' as const,
    privacyContact: { name: 'Jef Voorbeeld', email: 'privacy@denhop.example' },
    forwardingSlaWorkingDays: 3,
    responsePromiseDays: 20,
    identifiers: [
      { type: 'email' as const, value: 'lien.gerst@example.be' },
      { type: 'email' as const, value: 'wout.mout@example.be' },
      { type: 'vat' as const, value: 'BE0123456749' },
    ],
  },
];

/** Requests whose requester is in a controller's directory: routed on intake, then moved on. */
type RoutedStep = 'wait' | 'instruct' | 'takes-over' | 'sent-in-error';
export const DEMO_ROUTED: { name: string; email: string; rights: Right[]; message: string; daysAgo: number; controller: number; step: RoutedStep }[] = [
  { name: 'Kees Trapper', email: 'kees.trapper@example.nl', rights: ['access'], message: 'Welke gegevens heeft de fietsverhuur van mij?', daysAgo: 4, controller: 0, step: 'wait' },
  { name: 'Yara Wiel', email: 'yara.wiel@example.nl', rights: ['erasure'], message: 'Verwijder mijn klantaccount bij de fietsverhuur.', daysAgo: 12, controller: 0, step: 'instruct' },
  { name: 'Ole Zadel', email: 'ole.zadel@example.nl', rights: ['rectification'], message: 'Mijn telefoonnummer klopt niet meer.', daysAgo: 16, controller: 0, step: 'takes-over' },
  { name: 'Gijs Klaver', email: 'gijs.klaver@example.nl', rights: ['access'], message: 'Ik wil weten wat er over mij is vastgelegd in het zorgdossier.', daysAgo: 9, controller: 1, step: 'wait' },
  { name: 'Mira Hooi', email: 'mira.hooi@example.nl', rights: ['restriction'], message: 'Gebruik mijn gegevens niet meer zolang mijn klacht loopt.', daysAgo: 7, controller: 1, step: 'sent-in-error' },
  { name: 'Lien Gerst', email: 'lien.gerst@example.be', rights: ['objection-direct-marketing'], message: 'Stop met de nieuwsbrief van de brouwerij.', daysAgo: 2, controller: 2, step: 'wait' },
  { name: 'Wout Mout', email: 'wout.mout@example.be', rights: ['portability'], message: 'Graag mijn bestelgeschiedenis in een bestand.', daysAgo: 11, controller: 2, step: 'instruct' },
];

/** In-house requests with an identity check under way. */
export const DEMO_VERIFYING: { name: string; email: string; method: 'callback' | 'email-confirmation'; daysAgo: number }[] = [
  { name: 'Hanna Controle', email: 'hanna.controle@example.nl', method: 'callback', daysAgo: 3 },
  { name: 'Rik Bevestig', email: 'rik.bevestig@example.nl', method: 'email-confirmation', daysAgo: 2 },
];

@Injectable()
export class DemoDataService {
  constructor(
    private readonly db: DataSource,
    private readonly intake: IntakeService,
    private readonly runner: WorkflowRunner,
    private readonly requests: RequestsService,
    private readonly clock: Clock,
    private readonly controllers: DataControllersService,
    private readonly verification: VerificationService,
    private readonly incidents: IncidentsService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Loads the demo requests when demo data is on and there are no requests yet; returns how many. */
  async loadIfEmpty(): Promise<number> {
    if (!this.config.demoData) return 0;
    const rows: { any: boolean }[] = await this.db.query(`SELECT EXISTS (SELECT 1 FROM requests) AS any`);
    if (rows[0]?.any) return 0;
    const now = this.clock.now().getTime();
    let loaded = 0;
    let firstReference: string | undefined;
    // Oldest first, so references follow the receipt order.
    const ordered = [...DEMO_REQUESTS].sort((a, b) => b.daysAgo - a.daysAgo);
    for (const demo of ordered) {
      try {
        const row = await this.intake.intake(
          {
            channel: demo.channel,
            receivedAt: new Date(now - demo.daysAgo * DAY - 3 * 3_600_000).toISOString(),
            externalRef: demo.channel === 'helpdesk' ? `DEMO-${1000 + loaded}` : undefined,
            requester: { name: demo.name, email: demo.email, phone: demo.phone, address: demo.address },
            rights: demo.rights,
            message: demo.message,
          },
          { actor: DEMO_ACTOR },
          undefined,
          demo.fromMailbox ? 'mailbox' : 'client',
        );
        loaded++;
        firstReference ??= row.reference;
        const events = demo.name === 'Milan Vermeulen' && firstReference ? [{ type: 'MARK_DUPLICATE', of: firstReference }] : demo.events;
        for (const event of events) {
          const current = await this.requests.row(row.id);
          if (!this.requests.resource(current).allowedEvents.includes(event.type)) break;
          await this.runner.apply(row.id, event, { actor: DEMO_ACTOR });
        }
      } catch (err) {
        this.logger.warn({ err: { name: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'demo request skipped');
      }
    }
    loaded += await this.loadRouted(now);
    // The start banner says how many (src/start-banner.ts).
    this.logger.debug({ requests: loaded, ms: this.clock.now().getTime() - now }, 'demo data loaded');
    return loaded;
  }

  /** Controllers with identifiers, requests routed to them and moved on, identity checks under way. */
  private async loadRouted(now: number): Promise<number> {
    let loaded = 0;
    const ids: string[] = [];
    for (const c of DEMO_CONTROLLERS) {
      const { identifiers, ...input } = c;
      const existing = await this.controllers.list({ q: c.name, limit: 1 });
      const id = existing.items[0]?.id ?? (await this.controllers.create(input)).id;
      await this.controllers.addIdentifiers(id, identifiers);
      ids.push(id);
    }
    const file = (name: string, email: string, rights: Right[], message: string, daysAgo: number) =>
      this.intake.intake(
        {
          channel: 'webform',
          receivedAt: new Date(now - daysAgo * DAY - 2 * 3_600_000).toISOString(),
          requester: { name, email },
          rights,
          message,
        },
        { actor: DEMO_ACTOR },
      );
    for (const demo of DEMO_ROUTED) {
      try {
        const row = await file(demo.name, demo.email, demo.rights, demo.message, demo.daysAgo);
        loaded++;
        const controllerId = ids[demo.controller];
        const current = await this.requests.row(row.id);
        // Routing matched on intake; when it did not (a changed directory), assign as an agent would.
        if (current.state.startsWith('triage') && controllerId) {
          await this.runner.apply(row.id, { type: 'ASSIGN_CONTROLLER', controllerIds: [controllerId] }, { actor: DEMO_ACTOR });
        }
        const resource = await this.requests.get(row.id);
        const forwarding = resource.forwardings.find((f) => f.controllerId === controllerId);
        if (demo.step === 'instruct' || demo.step === 'takes-over') {
          await this.runner.apply(
            row.id,
            {
              type: 'FORWARDING_SETTLED',
              controllerId,
              decision: demo.step === 'instruct' ? 'instruct' : 'takes-over',
              ...(demo.step === 'instruct' ? { instruction: demo.rights.includes('portability') ? 'export' : 'erase' } : {}),
            },
            { actor: DEMO_ACTOR },
          );
        }
        if (demo.step === 'sent-in-error' && forwarding) {
          await this.incidents.reportSentInError(row.id, forwarding.id, 'Demo: het verzoek ging naar de verkeerde verwerkingsverantwoordelijke (fictief).', DEMO_ACTOR);
        }
      } catch (err) {
        this.logger.warn({ err: { name: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'demo request skipped');
      }
    }
    for (const demo of DEMO_VERIFYING) {
      try {
        const row = await file(demo.name, demo.email, ['access'], 'Ik wil graag inzage in mijn gegevens.', demo.daysAgo);
        loaded++;
        if ((await this.requests.row(row.id)).state.startsWith('triage')) await this.runner.apply(row.id, IN_HOUSE, { actor: DEMO_ACTOR });
        await this.verification.start(row.id, { method: demo.method }, DEMO_ACTOR);
      } catch (err) {
        this.logger.warn({ err: { name: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'demo request skipped');
      }
    }
    return loaded;
  }
}
