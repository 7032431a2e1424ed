/**
 * The controller form of the workspace (Beheer → Verwerkingsverantwoordelijken): from the HTML
 * form to the body the API takes (validated by the same schemas), the API's field errors back to
 * Dutch, and the identifier import's summary as the CLI's per-line report in Dutch. Pure functions.
 */
import type { FieldError } from '../common/problem.js';
import type { DataControllerResource } from '../data-controllers/data-controller-row.js';
import type { ImportSummary } from '../data-controllers/identifier-import.js';
import { languageLabel } from '../vocabulary/language.js';
import { str, type FormBody } from './forms.js';

export const CONTROLLER_FIELDS = [
  'name',
  'country',
  'contactName',
  'contactEmail',
  'contactPhone',
  'tone',
  'language',
  'sla',
  'mayInform',
  'agreementTitle',
  'agreementVersion',
  'agreementDate',
  'promiseDays',
  'active',
] as const;
export type ControllerField = (typeof CONTROLLER_FIELDS)[number];

/** What the form shows: typed text stays as typed. */
export type ControllerFormValues = Record<ControllerField, string>;

const yes = (v: string) => v === 'ja' || v === 'on' || v === 'true';

/** A whole number as typed, or the text itself so the schema names the field (never silently dropped). */
function numberOf(raw: string): number | string {
  const v = raw.trim();
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

export function formValuesOf(body: FormBody): ControllerFormValues {
  return Object.fromEntries(CONTROLLER_FIELDS.map((f) => [f, str(body, f)])) as ControllerFormValues;
}

/** The form of an existing controller. */
export function formValuesOfResource(c: DataControllerResource): ControllerFormValues {
  return {
    name: c.name,
    country: c.country,
    contactName: c.privacyContact.name ?? '',
    contactEmail: c.privacyContact.email,
    contactPhone: c.privacyContact.phone ?? '',
    tone: c.tone,
    language: c.language,
    sla: String(c.forwardingSlaWorkingDays),
    mayInform: c.mayInformRequester ? 'ja' : '',
    agreementTitle: c.agreement?.title ?? '',
    agreementVersion: c.agreement?.version ?? '',
    agreementDate: c.agreement?.date ?? '',
    promiseDays: c.responsePromiseDays === null ? '' : String(c.responsePromiseDays),
    active: c.active ? 'ja' : '',
  };
}

/** The empty form of a new controller, with the API's defaults. */
export const NEW_CONTROLLER_VALUES: ControllerFormValues = {
  name: '',
  country: 'NL',
  contactName: '',
  contactEmail: '',
  contactPhone: '',
  tone: 'u',
  language: '',
  sla: '1',
  mayInform: 'ja',
  agreementTitle: '',
  agreementVersion: '',
  agreementDate: '',
  promiseDays: '',
  active: 'ja',
};

/**
 * The API body of the form: every field, so that the same create or update schema validates it.
 * An empty optional text is left out; an agreement only with a title (a version or date without
 * a title is refused, not dropped); on edit an empty agreement or promise clears it.
 */
export function controllerBodyOf(v: ControllerFormValues, mode: 'create' | 'edit'): Record<string, unknown> {
  const t = (s: string) => s.trim();
  const contact: Record<string, unknown> = { email: t(v.contactEmail) };
  if (t(v.contactName)) contact.name = t(v.contactName);
  if (t(v.contactPhone)) contact.phone = t(v.contactPhone);
  const body: Record<string, unknown> = {
    name: t(v.name),
    country: v.country,
    privacyContact: contact,
    tone: v.tone,
    // Empty on a new controller: the processor's language (PROCESSOR_LANGUAGE).
    ...(v.language ? { language: v.language } : {}),
    forwardingSlaWorkingDays: numberOf(v.sla),
    mayInformRequester: yes(v.mayInform),
  };
  const hasAgreement = [v.agreementTitle, v.agreementVersion, v.agreementDate].some((s) => t(s));
  if (hasAgreement) {
    body.agreement = {
      title: t(v.agreementTitle),
      ...(t(v.agreementVersion) ? { version: t(v.agreementVersion) } : {}),
      ...(t(v.agreementDate) ? { date: t(v.agreementDate) } : {}),
    };
  } else if (mode === 'edit') body.agreement = null;
  if (t(v.promiseDays)) body.responsePromiseDays = numberOf(v.promiseDays);
  else if (mode === 'edit') body.responsePromiseDays = null;
  if (mode === 'edit') body.active = yes(v.active);
  return body;
}

/** The form's words for a stored value: a country, a checkbox, an empty field. */
function shownValue(field: ControllerField, value: string): string {
  if (field === 'mayInform' || field === 'active') return yes(value) ? 'aangevinkt' : 'niet aangevinkt';
  if (field === 'country') return value === 'BE' ? 'België' : value === 'NL' ? 'Nederland' : value;
  if (field === 'language') return languageLabel(value);
  return value.trim() ? `"${value.trim()}"` : 'leeg';
}

/** Whether two values of a field are the same to the form: a ticked box however sent, text without the spaces around it. */
function sameValue(field: ControllerField, a: string, b: string): boolean {
  return field === 'mayInform' || field === 'active' ? yes(a) === yes(b) : a.trim() === b.trim();
}

export function sameFormValues(a: ControllerFormValues, b: ControllerFormValues): boolean {
  return CONTROLLER_FIELDS.every((f) => sameValue(f, a[f], b[f]));
}

/** The form's values as it was read (the hidden `read_<field>` inputs), or undefined when the form lacks them. */
export function readValuesOf(body: FormBody): ControllerFormValues | undefined {
  if (!CONTROLLER_FIELDS.every((f) => typeof body[`read_${f}`] === 'string')) return undefined;
  return Object.fromEntries(CONTROLLER_FIELDS.map((f) => [f, str(body, `read_${f}`)])) as ControllerFormValues;
}

/**
 * A save that lost the race to another change (or a form that does not say what it was read as),
 * merged field by field so that saving again loses nobody's change: a field the agent left as read
 * takes what is stored now, with a note if it was changed meanwhile; a field the agent changed
 * keeps their input, with what is stored now beside it if that was changed too. Without `read`,
 * every field keeps the agent's input, with what is stored beside each that differs.
 */
export function mergeAfterConflict(
  mine: ControllerFormValues,
  read: ControllerFormValues | undefined,
  stored: ControllerFormValues,
): { values: ControllerFormValues; notes: Partial<Record<ControllerField, string>> } {
  const values = { ...mine };
  const notes: Partial<Record<ControllerField, string>> = {};
  for (const f of CONTROLLER_FIELDS) {
    const changedHere = !read || !sameValue(f, mine[f], read[f]);
    const changedThere = !read || !sameValue(f, stored[f], read[f]);
    if (!changedHere) {
      values[f] = stored[f];
      if (changedThere) notes[f] = `Intussen gewijzigd; dit is wat nu is opgeslagen (was ${shownValue(f, read[f])}).`;
    } else if (changedThere && !sameValue(f, mine[f], stored[f])) {
      notes[f] = `Hier staat uw invoer; opgeslagen is nu ${shownValue(f, stored[f])}.`;
    }
  }
  return { values, notes };
}

/** The form-wide message of a save that lost the race (409 version-conflict). */
export const CONTROLLER_CHANGED_MEANWHILE =
  'Niet opgeslagen: deze verwerkingsverantwoordelijke is gewijzigd nadat u het formulier opende. Hieronder staan uw wijzigingen samen met wat intussen is opgeslagen; bij elk veld dat intussen anders is geworden, staat een toelichting. Kijk het na en sla dan opnieuw op.';

/** The form-wide message of an edit form that does not say which version it was read at (400). */
export const CONTROLLER_FORM_INCOMPLETE =
  'Niet opgeslagen: het formulier was onvolledig, zodat niet vast te stellen is of de gegevens intussen zijn gewijzigd. Hieronder staat uw invoer; bij elk veld dat anders is dan wat nu is opgeslagen, staat wat er nu staat. Kijk het na en sla dan opnieuw op.';

/** The form field a pointer of the controller schemas belongs to. */
export function controllerFieldOf(pointer: string): ControllerField | 'form' {
  const map: Record<string, ControllerField> = {
    '/name': 'name',
    '/country': 'country',
    '/privacyContact/name': 'contactName',
    '/privacyContact/email': 'contactEmail',
    '/privacyContact/phone': 'contactPhone',
    '/privacyContact': 'contactEmail',
    '/tone': 'tone',
    '/language': 'language',
    '/forwardingSlaWorkingDays': 'sla',
    '/mayInformRequester': 'mayInform',
    '/agreement/title': 'agreementTitle',
    '/agreement/version': 'agreementVersion',
    '/agreement/date': 'agreementDate',
    '/agreement': 'agreementTitle',
    '/responsePromiseDays': 'promiseDays',
    '/active': 'active',
  };
  return map[pointer] ?? 'form';
}

const CONTROLLER_ERRORS: Record<ControllerField | 'form', string> = {
  name: 'Vul de naam in (hoogstens 200 tekens).',
  country: 'Kies Nederland of België.',
  contactName: 'De naam van de contactpersoon mag hoogstens 200 tekens lang zijn.',
  contactEmail: 'Vul een geldig e-mailadres van de privacycontactpersoon in (bijvoorbeeld privacy@voorbeeld.nl).',
  contactPhone: 'Een telefoonnummer bevat alleen cijfers, spaties en + - ( ) . / (6 tot 40 tekens).',
  tone: 'Kies hoe wij de verwerkingsverantwoordelijke aanspreken: met u of met je.',
  language: 'Kies Nederlands, Frans of Engels.',
  sla: 'Vul een heel aantal werkdagen in van 0 tot en met 30.',
  mayInform: 'Kies of wij de verzoeker mogen informeren.',
  agreementTitle: 'Vul de titel van de verwerkersovereenkomst in (hoogstens 300 tekens), of laat alle drie de velden van de overeenkomst leeg.',
  agreementVersion: 'De versie mag hoogstens 50 tekens lang zijn.',
  agreementDate: 'Vul een geldige datum in (bijvoorbeeld 2026-01-31).',
  promiseDays: 'Vul een heel aantal dagen in van 1 tot en met 90, of laat het veld leeg.',
  active: 'Dit veld is niet geldig.',
  form: 'Het formulier is niet volledig of niet geldig. Kijk de velden na.',
};

export function dutchControllerError(e: FieldError): string {
  return CONTROLLER_ERRORS[controllerFieldOf(e.pointer)];
}

/** The reasons of identifiers.ts and identifier-import.ts in Dutch; an unknown reason as it is. */
export function dutchImportReason(reason: string): string {
  const exact: Record<string, string> = {
    'empty e-mail address': 'leeg e-mailadres',
    'not an e-mail address': 'geen e-mailadres',
    'empty phone number': 'leeg telefoonnummer',
    'a phone number has only digits, spaces, +, -, (, ), . and /': 'een telefoonnummer bevat alleen cijfers, spaties en + - ( ) . /',
    'not a valid phone number (NL or BE, or international with +)': 'geen geldig telefoonnummer (NL of BE, of internationaal met +)',
    'empty IBAN': 'leeg IBAN',
    'IBAN checksum is wrong': 'het controlegetal van het IBAN klopt niet',
    'unknown IBAN country': 'onbekend land in het IBAN',
    'not a valid IBAN': 'geen geldig IBAN',
    'a KvK number has 8 digits': 'een KvK-nummer heeft 8 cijfers',
    'Belgian VAT number checksum is wrong': 'het controlegetal van het Belgische btw-nummer klopt niet',
    'a VAT number is NL123456789B01 or BE0123456789': 'een btw-nummer is NL123456789B01 of BE0123456789',
    'empty customer reference': 'leeg klantnummer',
    'a customer reference has at most 200 characters': 'een klantnummer heeft hoogstens 200 tekens',
    'value must be a string': 'de waarde moet tekst zijn',
  };
  if (exact[reason]) return exact[reason];
  let m = /^expected 2 columns \(type,value\), got (\d+)$/.exec(reason);
  if (m) return `verwacht 2 kolommen (type,value), gevonden: ${m[1]}`;
  m = /^unknown type "(.*)"$/s.exec(reason);
  if (m) return `onbekend type "${m[1]}" (kies email, phone, iban, customer-ref, kvk of vat)`;
  m = /^at most (\d+) characters$/.exec(reason);
  if (m) return `hoogstens ${m[1]} tekens`;
  return reason;
}

const number = (n: number) => n.toLocaleString('nl-NL');

/** The CLI's report (identifiers.cli.ts formatSummary) in Dutch: counts, then every listed invalid line. */
export function importReportOf(s: ImportSummary, seconds: number) {
  return {
    rows: `${number(s.rows)} regels gelezen in ${seconds.toFixed(1).replace('.', ',')} s`,
    added: `Toegevoegd: ${number(s.added)}`,
    duplicates: `Dubbel (stond er al of kwam meer dan eens voor in het bestand): ${number(s.duplicates)}`,
    invalid: `Ongeldig: ${number(s.invalid)}`,
    lines: s.invalidLines.map((l) => `regel ${l.line}: ${dutchImportReason(l.reason)}`),
    more: s.invalid > s.invalidLines.length ? `… en nog ${number(s.invalid - s.invalidLines.length)} ongeldige regels` : '',
  };
}
