/**
 * Fictional demo data for a fresh start (DEMO_DATA, default on the embedded database only): about
 * 25 requests across the states, filed through intake and moved by workflow events, so every row
 * is one the service could have made itself. Only on an empty requests table; idempotent.
 * Fictional controllers come with the routing/controller registry, which seeds its own.
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
  { name: 'Iris Bos', email: 'iris.bos@example.nl', channel: 'helpdesk', rights: ['access'], message: 'Inzage in mijn klantdossier.', daysAgo: 38, events: [IN_HOUSE, { type: 'VERIFIED' }] },
];

@Injectable()
export class DemoDataService {
  constructor(
    private readonly db: DataSource,
    private readonly intake: IntakeService,
    private readonly runner: WorkflowRunner,
    private readonly requests: RequestsService,
    private readonly clock: Clock,
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
    this.logger.info({ requests: loaded }, 'demo data loaded');
    return loaded;
  }
}
