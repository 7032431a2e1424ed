/**
 * The one Dutch vocabulary: every code word has every variant a face needs, and the faces (agent
 * UI, timeline, register, dossier, the controller's page and the letters) name an instruction, a
 * decision and a channel with the same word.
 */
import { INSTRUCTION_OPTIONS, CHANNEL_OPTIONS, DECISION_OPTIONS, SCOPE_OPTIONS, forwardingsOf } from '../../../src/agent-ui/view-models.js';
import { controllerPageModel } from '../../../src/forwarding/controller-page.js';
import type { ForwardingRow } from '../../../src/forwarding/forwarding-row.js';
import { confirmationMailData } from '../../../src/processor-tasks/task-completion.js';
import { buildDossier, type DossierInput } from '../../../src/register/dossier.js';
import { csvRow, type RegisterEntry } from '../../../src/register/register.service.js';
import { catalogueEntry, MAIL_CATALOGUE, sampleContext } from '../../../src/replies/catalogue.js';
import { MailTemplates } from '../../../src/replies/renderer.js';
import { requestDeadlines, type RequestResource } from '../../../src/requests/request-row.js';
import { describeAuditEvent } from '../../../src/requests/timeline.js';
import { pageOptions, pageRequest } from '../../factories/controller-page.js';
import {
  CHANNELS,
  CHANNEL_TEXTS,
  CONTROLLER_DECISIONS,
  DECISION_TEXTS,
  FORWARDING_STATES,
  FORWARDING_STATE_LABELS,
  INSTRUCTIONS,
  INSTRUCTION_TEXTS,
  LETTER_TITLES,
  RIGHTS,
  RIGHT_LABELS,
  SCOPES,
  SCOPE_TEXTS,
  STATE_LABELS,
  STATE_PATHS,
  TASK_STATES,
  TASK_STATE_LABELS,
  TONES,
  capitalise,
  channelLabel,
  instructionLabel,
  instructionOption,
  rightAsked,
  rightForController,
  type Instruction,
} from '../../../src/vocabulary/vocabulary.js';

/** A Dutch text a person can read: not empty, no tone token left, no code word. */
function readable(text: string): void {
  expect(text).toMatch(/\S/);
  expect(text).not.toMatch(/[{}]/);
  expect(text).not.toMatch(/takes-over|not-ours|in-house|stop-processing|awaiting|inHouse|undefined/);
}

describe('every code word has every variant', () => {
  it('rights: name and article, what was asked (u and je) and what a controller does', () => {
    for (const right of RIGHTS) {
      readable(RIGHT_LABELS[right].name);
      expect(RIGHT_LABELS[right].article).toMatch(/^art\. \d+.* AVG$/);
      for (const tone of TONES) {
        readable(rightAsked(right, tone));
        const c = rightForController(right, tone);
        for (const text of [c.name, c.meaning, c.todo]) readable(text);
      }
    }
  });

  it('instructions: a label, and the controller\'s option in u and je', () => {
    for (const i of INSTRUCTIONS) {
      readable(INSTRUCTION_TEXTS[i].label);
      expect(INSTRUCTION_TEXTS[i].label).toBe(INSTRUCTION_TEXTS[i].label.toLowerCase());
      for (const tone of TONES) readable(instructionOption(i, tone));
    }
    expect(instructionOption('export', 'u')).toBe('Gegevens exporteren (de export komt naar u, niet naar de verzoeker)');
    expect(instructionOption('export', 'je')).toBe('Gegevens exporteren (de export komt naar jou, niet naar de verzoeker)');
  });

  it('instructions use the AVG\'s words (art 16 rectificatie, 17 wissing, 18 beperking van de verwerking)', () => {
    expect(instructionLabel('rectify')).toBe('gegevens rectificeren');
    expect(instructionLabel('erase')).toBe('gegevens wissen');
    expect(instructionLabel('restrict')).toBe('verwerking beperken');
  });

  it('decisions, scopes, channels and states', () => {
    for (const d of CONTROLLER_DECISIONS) for (const text of Object.values(DECISION_TEXTS[d])) readable(text);
    for (const s of SCOPES) for (const text of Object.values(SCOPE_TEXTS[s])) readable(text);
    for (const c of CHANNELS) for (const text of Object.values(CHANNEL_TEXTS[c])) readable(text);
    for (const s of STATE_PATHS) readable(STATE_LABELS[s]);
    for (const s of ['received', 'triage', 'forwarded', 'inHouse', 'closed'] as const) readable(STATE_LABELS[s]);
    for (const s of FORWARDING_STATES) readable(FORWARDING_STATE_LABELS[s]);
    for (const s of TASK_STATES) readable(TASK_STATE_LABELS[s]);
  });

  it('the agent\'s forms offer every value once, with its label', () => {
    expect(INSTRUCTION_OPTIONS.map((o) => o.value).sort()).toEqual([...INSTRUCTIONS].sort());
    expect(DECISION_OPTIONS.map((o) => o.value).sort()).toEqual([...CONTROLLER_DECISIONS].sort());
    expect(SCOPE_OPTIONS.map((o) => o.value).sort()).toEqual([...SCOPES].sort());
    expect(CHANNEL_OPTIONS.map((o) => o.value).sort()).toEqual([...CHANNELS].sort());
    for (const o of [...INSTRUCTION_OPTIONS, ...DECISION_OPTIONS, ...SCOPE_OPTIONS, ...CHANNEL_OPTIONS]) readable(o.label);
  });
});

// ---- the same word on every face --------------------------------------------------------------

const receivedAt = new Date('2026-04-20T08:00:00Z');

function forwarding(instruction: Instruction) {
  return {
    controllerName: 'Bakkerij De Korenbloem B.V.',
    country: 'NL',
    state: 'decided',
    matchedBy: ['email'],
    contactEmail: 'privacy@korenbloem.example',
    sentAt: receivedAt,
    acknowledgedAt: null,
    decidedAt: new Date('2026-04-22T10:00:00Z'),
    decision: 'instruct',
    instruction,
    instructionDetails: 'Zie het verzoek.',
    note: null,
    decidedBy: 'privacy@korenbloem.example',
    reminderCount: 0,
    escalated: false,
    respondBy: '2026-05-20',
    forwardBy: '2026-04-23',
    cancelledAt: null,
  };
}

function dossierInput(instruction: Instruction): DossierInput {
  return {
    generatedAt: new Date('2026-05-01T08:00:00Z'),
    generatedBy: 'Mila Medewerker',
    processorName: 'Voorbeeld Software B.V.',
    request: {
      reference: 'AVG-2026-000042',
      externalRef: null,
      channel: 'webform',
      receivedAt,
      country: 'NL',
      rights: ['rectification'],
      scope: 'controller',
      state: 'forwarded.instructed',
      closedAt: null,
      purgedAt: null,
      legalHold: null,
      requester: { name: 'Jan Jansen', email: 'jan@example.nl', phone: null, customerRef: null, address: null },
      message: 'Mijn adres klopt niet.',
      context: {},
    },
    deadlines: requestDeadlines({ receivedAt, country: 'NL', pausedDays: 0, extended: false, closed: false, extraNonWorkingDays: [] }),
    today: '2026-05-01',
    timeline: [],
    agentNames: new Map(),
    forwardings: [forwarding(instruction)],
    tasks: [{ instruction, state: 'open', created_at: '2026-04-22T10:00:00Z' }],
    verification: [],
    messages: [],
    notes: [],
  };
}

function dossierFacts(input: DossierInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const section of buildDossier(input).sections) {
    for (const block of section.blocks) if (block.kind === 'facts') for (const f of block.facts) out[`${section.heading}/${f.label}`] = f.value;
  }
  return out;
}

function registerEntry(instruction: Instruction): RegisterEntry {
  return {
    reference: 'AVG-2026-000042',
    receivedAt: receivedAt.toISOString(),
    receivedOn: '2026-04-20',
    channel: 'webform',
    rights: ['rectification'],
    scope: 'controller',
    state: 'forwarded.instructed',
    controllers: [{ name: 'Bakkerij De Korenbloem B.V.', decision: 'instruct', instruction }],
    forwardedOn: '2026-04-20',
    acknowledgedOn: null,
    decidedOn: '2026-04-22',
    closedOn: null,
    dueDate: '2026-05-20',
    deadline: 'open',
    daysPastDeadline: -19,
    extended: false,
    extendedOn: null,
    refusalGround: null,
    refusalPartial: false,
    personalDataPurged: false,
  };
}

describe('the same word for the same instruction on every face', () => {
  const templates = MailTemplates.load();

  it.each(INSTRUCTIONS)('%s', (instruction) => {
    const word = instructionLabel(instruction);

    // agent UI: the form option and the forwarding on the request page
    expect(INSTRUCTION_OPTIONS.find((o) => o.value === instruction)?.label).toBe(word);
    const resource = { forwardings: [{ id: '1', controllerId: 'c1', controllerName: 'Bakkerij', state: 'decided', decision: 'instruct', instruction, flags: {} }] };
    expect(forwardingsOf(resource as unknown as RequestResource)[0].decision).toBe(`geeft een instructie (${word})`);

    // timeline (agent UI, API, dossier)
    expect(describeAuditEvent('FORWARDING_SETTLED', { decision: 'instruct', instruction })).toBe(
      `Besluit van de verwerkingsverantwoordelijke vastgelegd: geeft een instructie (${word}).`,
    );

    // register CSV
    expect(csvRow(registerEntry(instruction))).toContain(`Bakkerij De Korenbloem B.V.: geeft een instructie (${word})`);

    // dossier: the controller's decision and the processor's task
    const facts = dossierFacts(dossierInput(instruction));
    expect(facts['Doorgestuurd aan verwerkingsverantwoordelijken/Besluit']).toBe(`Geeft een instructie (${word})`);
    expect(facts['Taken van de verwerker/Instructie']).toBe(word);
    const verbatim = buildDossier(dossierInput(instruction)).sections.flatMap((x) => x.blocks).find((b) => b.kind === 'verbatim' && b.label.startsWith('Gedocumenteerde instructie'));
    expect(verbatim?.kind === 'verbatim' && verbatim.text.split('\n')[0]).toBe(`Instructie: ${word}`);

    // the controller's page: the option it chose opens with the same word
    const page = controllerPageModel(forwarding(instruction) as unknown as ForwardingRow, pageRequest(receivedAt, ['rectification']), pageOptions()) as { decision: { instruction: string }; instructionOptions: { value: string; label: string }[] };
    expect(page.decision.instruction.startsWith(capitalise(word))).toBe(true);
    expect(page.instructionOptions.find((o) => o.value === instruction)?.label.startsWith(capitalise(word))).toBe(true);

    // the letter confirming the instruction was carried out
    const data = confirmationMailData({
      controller: { name: 'Bakkerij De Korenbloem B.V.', country: 'NL', contactName: null, tone: 'u' },
      task: { instruction, createdAt: new Date('2026-04-22T10:00:00Z') },
      forwarding: null,
      outcome: 'Gedaan.',
      withdrawn: false,
      recipients: [],
      exportExpiresAt: null,
      now: new Date('2026-05-04T09:00:00Z'),
    } as unknown as Parameters<typeof confirmationMailData>[0]);
    const mail = templates.render('instruction-completed', { ...sampleContext('instruction-completed', 'u'), ...data });
    expect(mail.subject).toContain(`(${word})`);
    expect(mail.text).toContain(`de instructie: ${word}.`);
  });

  it('the forwarding letter lists every instruction with the same words', () => {
    const { text } = templates.render('forwarding', sampleContext('forwarding', 'u'));
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(
      'u geeft ons een instructie (gegevens wissen, gegevens rectificeren, verwerking beperken, gegevens exporteren of verwerking stoppen)',
    );
  });
});

describe('the same word for a channel', () => {
  it.each(CHANNELS)('%s', (channel) => {
    const input = dossierInput('erase');
    input.request.channel = channel;
    const via = `via ${CHANNEL_TEXTS[channel].via}`;
    expect(dossierFacts(input)['Het verzoek/Ontvangen']).toMatch(new RegExp(`${via}$`));
    expect(describeAuditEvent('RECEIVED', { channel, rights: ['access'] })).toBe(`Verzoek ontvangen ${via} (inzage).`);
    expect(csvRow({ ...registerEntry('erase'), channel }).split(',')[2]).toBe(channelLabel(channel));
    expect(CHANNEL_OPTIONS.find((o) => o.value === channel)?.label.toLowerCase().startsWith(channelLabel(channel))).toBe(true);
  });
});

describe('the same name for a letter, a verification method, an identity document and a lapsed task', () => {
  it('a letter: the catalogue (agent UI) and the timeline use the vocabulary\'s title, and every title names a letter of the catalogue', () => {
    expect(Object.keys(LETTER_TITLES).sort()).toEqual(MAIL_CATALOGUE.map((e) => e.id).sort());
    expect(catalogueEntry('acknowledgement')?.title).toBe('Ontvangstbevestiging');
    expect(describeAuditEvent('LETTER_NOT_SENT', { template: 'acknowledgement' })).toBe(
      'Geen ontvangstbevestiging verstuurd: er is geen e-mailadres van de verzoeker; neem contact op via het kanaal van het verzoek.',
    );
    expect(describeAuditEvent('MAIL_FAILED', { template: 'unknown-template' })).toMatch(/^Bericht "brief" kon/);
  });

  it('a verification method and a document in the timeline', () => {
    expect(describeAuditEvent('VERIFICATION_REQUESTED', { method: 'id-document', documentType: 'passport' })).toBe(
      'Identiteitscontrole gestart: kopie identiteitsbewijs (paspoort).',
    );
    expect(describeAuditEvent('VERIFICATION_PASSED', { method: 'callback' })).toBe('Identiteitscontrole geslaagd: terugbellen.');
  });

  it('why a processor task lapsed, in the timeline', () => {
    expect(describeAuditEvent('PROCESSOR_TASK_CANCELLED', { cause: 'request-withdrawn' })).toBe(
      'Verwerkersopdracht vervallen (de verzoeker heeft het verzoek ingetrokken); er is niets uitgevoerd.',
    );
  });
});
