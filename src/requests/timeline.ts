/** Dutch descriptions of audit events, for the timeline of a request. */
import type { AuditEvent } from '../audit/audit.js';
import { REFUSAL_GROUND_LABELS, type RefusalGround } from './request.types.js';
import { languageLabel } from '../vocabulary/language.js';
import {
  channelVia,
  decisionText,
  DOCUMENT_TYPE_LABELS,
  letterTitle,
  METHOD_LABELS,
  rightName,
  scopeLabel,
  stateLabel,
  TASK_LAPSE_CAUSES,
  type DocumentType,
  type VerificationMethod,
} from '../vocabulary/vocabulary.js';

/** A letter's Dutch name, e.g. "ontvangstbevestiging". */
function letterName(template: unknown): string {
  return letterTitle(String(template))?.toLowerCase() ?? 'brief';
}

function methodName(method: unknown): string {
  return METHOD_LABELS[method as VerificationMethod]?.name.toLowerCase() ?? String(method);
}

function rightsText(rights: unknown): string {
  return Array.isArray(rights) ? rights.map((r) => rightName(String(r))).join(', ') : '';
}

function stateText(state: unknown): string {
  return stateLabel(String(state ?? ''));
}

const DESCRIBE: Record<string, (d: Record<string, unknown>) => string> = {
  RECEIVED: (d) =>
    `Verzoek ontvangen ${channelVia(String(d.channel))} (${Array.isArray(d.rights) && d.rights.length ? rightsText(d.rights) : 'rechten nog vast te stellen'}).`,
  CONFIRM_RIGHTS: (d) => `Rechten bevestigd: ${rightsText(d.rights)}.`,
  DISCARD: () => 'Geen verzoek (bijvoorbeeld spam of een nieuwsbrief): de e-mail is verwijderd; alleen het aantal wordt bijgehouden.',
  CLASSIFY: (d) =>
    `Beoordeeld: ${scopeLabel(String(d.scope))}` +
    (d.rights ? ` (${rightsText(d.rights)})` : '') +
    '.',
  ROUTE_MATCHED: (d) => `Automatisch gekoppeld aan ${Array.isArray(d.controllers) ? d.controllers.length : 0} verwerkingsverantwoordelijke(n).`,
  ROUTE_NONE: () => 'Geen verwerkingsverantwoordelijke gevonden; wacht op beoordeling door een medewerker.',
  ASSIGN_CONTROLLER: (d) => `Toegewezen aan ${Array.isArray(d.controllerIds) ? d.controllerIds.length : 0} verwerkingsverantwoordelijke(n).`,
  FORWARDING_SETTLEMENT_REFUSED: (d) =>
    `Besluit van de verwerkingsverantwoordelijke (${decisionText(d)}) niet meer op het verzoek toegepast: het verzoek wachtte er niet meer op${d.requestState ? ` (${stateText(d.requestState)})` : ''}.`,
  FORWARDING_SETTLED: (d) => `Besluit van de verwerkingsverantwoordelijke vastgelegd: ${decisionText(d)}.`,
  INSTRUCTION_DONE: (d) =>
    d.withdrawn ? 'Instructie door de verwerkingsverantwoordelijke ingetrokken; verwerkersopdracht afgesloten.' : 'Instructie van de verwerkingsverantwoordelijke uitgevoerd.',
  VERIFIED: () => 'Identiteit van de verzoeker vastgesteld.',
  PREPARE_ANSWER: () => 'Antwoord wordt opgesteld.',
  COMPLETE: () => 'Verzoek afgehandeld.',
  REQUEST_INFO: (d) =>
    d.forIdentification
      ? 'Informatie gevraagd om de identiteit vast te stellen; de termijn is opgeschort.'
      : 'Verduidelijking gevraagd; de termijn loopt door.',
  INFO_RECEIVED: () => 'Gevraagde informatie ontvangen.',
  EXTEND: () => 'Termijn met twee maanden verlengd (art. 12 lid 3 AVG).',
  REFUSE: (d) =>
    `Verzoek ${d.partial ? 'gedeeltelijk ' : ''}geweigerd: ${REFUSAL_GROUND_LABELS[d.ground as RefusalGround]?.name ?? d.ground}.`,
  WITHDRAW: () => 'Verzoek ingetrokken door de verzoeker.',
  MARK_DUPLICATE: (d) => `Gemarkeerd als dubbel verzoek van ${d.of}.`,
  NOTE: () => 'Notitie toegevoegd.',
  DEADLINE_NEAR: () => 'De uiterste datum nadert.',
  OVERDUE: () => 'De uiterste datum is verstreken.',
  LETTER_NOT_SENT: (d) =>
    `Geen ${letterName(d.template)} verstuurd: er is geen e-mailadres van de verzoeker; neem contact op via het kanaal van het verzoek.`,
  AGENT_ASSIGNED: (d) => (d.assigned ? 'Toegewezen aan een medewerker.' : 'Toewijzing aan een medewerker opgeheven.'),
  REQUESTER_LANGUAGE_CHANGED: (d) => `Taal van de verzoeker gewijzigd van ${languageLabel(String(d.from))} naar ${languageLabel(String(d.to))}; de brieven en pagina's voor de verzoeker zijn voortaan in die taal.`,
  FORWARDING_CREATED: () => 'Doorsturen aan de verwerkingsverantwoordelijke klaargezet.',
  FORWARDING_SENT: () => 'Doorgestuurd aan de verwerkingsverantwoordelijke (e-mail met persoonlijke link verstuurd).',
  FORWARDING_SENT_AFTER_CANCEL: () =>
    'De e-mail aan de verwerkingsverantwoordelijke was al onderweg toen het doorsturen werd stopgezet; de link erin werkt niet meer.',
  FORWARDING_BOUNCED: () => 'De e-mail aan de verwerkingsverantwoordelijke kon niet worden bezorgd; controleer het contactadres.',
  CONTROLLER_LINK_FIRST_VIEWED: () => 'De verwerkingsverantwoordelijke heeft de link voor het eerst geopend.',
  CONTROLLER_VIEWED_REQUESTER_DETAILS: () => 'De verwerkingsverantwoordelijke heeft de gegevens van de verzoeker bekeken.',
  FORWARDING_ACKNOWLEDGED: () => 'De verwerkingsverantwoordelijke heeft de ontvangst bevestigd.',
  FORWARDING_DECIDED: (d) => `De verwerkingsverantwoordelijke heeft besloten: ${decisionText(d)}.`,
  CONTROLLER_REMINDER_SENT: () => 'Herinnering gestuurd aan de verwerkingsverantwoordelijke (met een nieuwe link).',
  FORWARDING_ESCALATED: () => 'Geëscaleerd: de verwerkingsverantwoordelijke reageert niet; de privacyfunctionaris is ingelicht.',
  CONTROLLER_LINK_RENEWED: () => 'Nieuwe link gestuurd aan de verwerkingsverantwoordelijke; de vorige werkt niet meer.',
  CONTROLLER_LINK_REVOKED: (d) =>
    d.reason === 'sent-in-error'
      ? 'Link van de verwerkingsverantwoordelijke ingetrokken: ten onrechte doorgestuurd.'
      : 'Link van de verwerkingsverantwoordelijke ingetrokken.',
  FORWARDING_MISDIRECTED: () =>
    'Gemeld: dit verzoek is ten onrechte naar een verwerkingsverantwoordelijke doorgestuurd (mogelijk datalek, art. 33 lid 2 AVG).',
  FORWARDING_CANCELLED: () => 'Doorsturing aan de verkeerde verwerkingsverantwoordelijke stopgezet.',
  INCIDENT_RECORDED: () => 'Incident vastgelegd voor de privacyfunctionaris; die is per e-mail ingelicht.',
  INCIDENT_ASSESSED: (d) =>
    !d.notifiable
      ? 'Incident beoordeeld: geen inbreuk die gemeld moet worden.'
      : d.processorIsController
        ? 'Incident beoordeeld: wij zijn zelf verwerkingsverantwoordelijke; de inbreuk is gemeld bij de toezichthouder (art. 33 lid 1 AVG).'
        : 'Incident beoordeeld: melding van de inbreuk klaargezet voor de verwerkingsverantwoordelijke van wie de gegevens zijn (art. 33 lid 2 AVG).',
  INCIDENT_DELETION_REQUESTED: () => 'De verkeerde ontvanger is per e-mail gevraagd de gegevens te verwijderen en dat te bevestigen.',
  INCIDENT_DELETION_CONFIRMED: () => 'De verkeerde ontvanger heeft bevestigd dat de gegevens zijn verwijderd.',
  FORWARDING_OVERDUE: () => 'De termijn van de verwerkingsverantwoordelijke is verstreken zonder besluit.',
  CONTROLLER_DRAFT_DOWNLOADED: () => 'De verwerkingsverantwoordelijke heeft een conceptbrief gedownload.',
  VERIFICATION_REQUESTED: (d) =>
    `Identiteitscontrole gestart: ${methodName(d.method)}` +
    (d.documentType ? ` (${DOCUMENT_TYPE_LABELS[d.documentType as DocumentType] ?? d.documentType})` : '') +
    (d.lateWarning ? '. Let op: later gevraagd dan 5 werkdagen na ontvangst; de opschorting houdt misschien geen stand' : '') +
    '.',
  VERIFICATION_PASSED: (d) =>
    `Identiteitscontrole geslaagd: ${methodName(d.method)}${d.copyDestroyed ? '; kopie gecontroleerd en vernietigd' : ''}.`,
  VERIFICATION_FAILED: (d) =>
    `Identiteitscontrole niet geslaagd: ${methodName(d.method)}${d.copyDestroyed ? '; kopie vernietigd' : ''}${d.cause === 'mail-failed' ? '; de e-mail met de link kon niet worden bezorgd' : ''}.`,
  VERIFICATION_EXPIRED: (d) =>
    `Identiteitscontrole verlopen: ${methodName(d.method)}${d.cause === 'request-closed' ? '; het verzoek was al afgesloten' : '; de link is niet gebruikt'}.`,
  MAIL_FAILED: (d) => `Bericht "${letterName(d.template)}" kon na herhaalde pogingen niet worden bezorgd; controleer het e-mailadres en neem zo nodig op een andere manier contact op.`,
  MAIL_BOUNCED: (d) =>
    `Bericht "${letterName(d.template)}" kwam onbestelbaar terug (bounce); controleer het e-mailadres en neem zo nodig op een andere manier contact op.`,
  MAIL_RECEIVED: (d) =>
    d.forwardingId
      ? 'E-mail ontvangen als antwoord op het doorgestuurde verzoek; leg het besluit van de verwerkingsverantwoordelijke vast.'
      : d.fromRequester
        ? 'E-mail van de verzoeker ontvangen.'
        : 'E-mail ontvangen van een ander adres dan dat van de verzoeker; controleer wie de afzender is.',
  ATTACHMENT_DESTROYED: () => 'Bijlage die mogelijk een identiteitsbewijs is vernietigd: de identiteitscontrole is vastgelegd (dataminimalisatie).',
  MAIL_RESENT_UNCONFIRMED: (d) =>
    `Bericht "${letterName(d.template)}" opnieuw verstuurd: de vorige poging is mogelijk al bezorgd, maar dat kon niet worden vastgelegd. De ontvanger krijgt het daardoor mogelijk twee keer (hetzelfde bericht, met hetzelfde Message-ID).`,
  LEGAL_HOLD_SET: (d) => (d.replaced ? 'Reden van de bewaarplicht (legal hold) gewijzigd.' : 'Bewaarplicht (legal hold) ingesteld: de persoonsgegevens worden niet verwijderd zolang die geldt.'),
  LEGAL_HOLD_CLEARED: () => 'Bewaarplicht (legal hold) opgeheven; de gewone bewaartermijn geldt weer.',
  PERSONAL_DATA_PURGED: (d) =>
    d.discarded
      ? 'Persoonsgegevens, e-mail en bijlagen meteen verwijderd: de e-mail was geen verzoek.'
      : 'Persoonsgegevens verwijderd na afloop van de bewaartermijn; kenmerk, data, besluiten en het logboek blijven bewaard.',
  PROCESSOR_TASK_CONCERN_RAISED: () => 'Bezwaar tegen de instructie voorgelegd aan de verwerkingsverantwoordelijke (art. 28 lid 3 AVG); de opdracht wacht.',
  PROCESSOR_TASK_CONCERN_RESOLVED: () => 'De verwerkingsverantwoordelijke heeft de instructie bevestigd; de opdracht kan worden uitgevoerd.',
  PROCESSOR_TASK_DONE: (d) =>
    `Verwerkersopdracht afgerond${Array.isArray(d.recipientsNotified) && d.recipientsNotified.length ? `; ontvangers geïnformeerd (art. 19 AVG): ${d.recipientsNotified.join(', ')}` : ''}.`,
  PROCESSOR_TASK_CANCELLED: (d) =>
    typeof d.cause === 'string'
      ? `Verwerkersopdracht vervallen (${TASK_LAPSE_CAUSES[d.cause] ?? 'het verzoek is afgesloten'}); er is niets uitgevoerd.`
      : 'De verwerkingsverantwoordelijke heeft de instructie ingetrokken; er is niets uitgevoerd.',
  PROCESSOR_EXPORT_UPLOADED: () => 'Export voor de verwerkingsverantwoordelijke geüpload.',
  PROCESSOR_EXPORT_DOWNLOADED: () => 'De verwerkingsverantwoordelijke heeft de export gedownload.',
  PROCESSOR_EXPORT_DELETED: () => 'Export verwijderd na afloop van de downloadtermijn.',
  DOSSIER_EXPORTED: (d) => `Dossier gedownload als PDF (${d.via === 'api' ? 'via de API' : 'in de werkplek'}).`,
};

export interface TimelineEntry {
  id: string;
  at: string;
  actor: string;
  type: string;
  description: string;
  data: Record<string, unknown>;
}

export function describeAuditEvent(type: string, data: Record<string, unknown>): string {
  const base = DESCRIBE[type]?.(data) ?? `Gebeurtenis ${type}.`;
  if (data.from && data.to && data.from !== data.to) return `${base} Status: ${stateText(data.to)}.`;
  return base;
}

export function toTimeline(events: AuditEvent[]): TimelineEntry[] {
  return events.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actor,
    type: e.type,
    description: describeAuditEvent(e.type, e.data),
    data: e.data,
  }));
}
