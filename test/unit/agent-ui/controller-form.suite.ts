/** The controller form: what the API schema receives, and its errors and the import report in Dutch. */
import { createControllerSchema, updateControllerSchema } from '../../../src/data-controllers/data-controller.schemas.js';
import { controllerBodyOf, dutchImportReason, importReportOf, NEW_CONTROLLER_VALUES, mergeAfterConflict, readValuesOf } from '../../../src/agent-ui/controller-form.js';

const filled = { ...NEW_CONTROLLER_VALUES, name: ' Voorbeeld B.V. ', contactEmail: 'privacy@voorbeeld.example', sla: '2' };

describe('controllerBodyOf', () => {
  it('gives the create schema every field, trimmed and typed', () => {
    const parsed = createControllerSchema.safeParse(controllerBodyOf(filled, 'create'));
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ name: 'Voorbeeld B.V.', country: 'NL', privacyContact: { email: 'privacy@voorbeeld.example' }, tone: 'u', forwardingSlaWorkingDays: 2, mayInformRequester: true });
  });

  it('never drops typed text: a non-number or an agreement without title is refused by the schema', () => {
    expect(createControllerSchema.safeParse(controllerBodyOf({ ...filled, sla: 'twee' }, 'create')).success).toBe(false);
    expect(createControllerSchema.safeParse(controllerBodyOf({ ...filled, agreementVersion: '1.0' }, 'create')).success).toBe(false);
  });

  it('clears the agreement and promise on edit when emptied, and reads the active box', () => {
    const body = controllerBodyOf({ ...filled, active: '' }, 'edit');
    expect(body).toMatchObject({ agreement: null, responsePromiseDays: null, active: false, mayInformRequester: true });
    expect(updateControllerSchema.safeParse(body).success).toBe(true);
  });
});

describe('mergeAfterConflict', () => {
  const read = { ...filled, name: 'Voorbeeld B.V.', language: 'nl', country: 'NL', mayInform: 'ja', active: 'ja', agreementTitle: 'Overeenkomst', contactPhone: '' };

  it('keeps what the agent changed, takes what only the other changed, and notes each field changed meanwhile', () => {
    const stored = { ...read, country: 'BE', sla: '5', agreementTitle: 'Overeenkomst 2026', mayInform: '' };
    const mine = { ...read, name: 'Voorbeeld en Zn. B.V.', agreementTitle: 'Verwerkersovereenkomst', mayInform: 'on' };
    const { values, notes } = mergeAfterConflict(mine, read, stored);
    expect(values).toEqual({ ...read, name: 'Voorbeeld en Zn. B.V.', country: 'BE', sla: '5', agreementTitle: 'Verwerkersovereenkomst', mayInform: '' });
    expect(notes).toEqual({
      country: 'Intussen gewijzigd; dit is wat nu is opgeslagen (was Nederland).',
      sla: 'Intussen gewijzigd; dit is wat nu is opgeslagen (was "2").',
      agreementTitle: 'Hier staat uw invoer; opgeslagen is nu "Overeenkomst 2026".',
      mayInform: 'Intussen gewijzigd; dit is wat nu is opgeslagen (was aangevinkt).',
    });
  });

  it('sees no change in spaces around text, in how a ticked box was sent, or where both made the same change', () => {
    const stored = { ...read, sla: '4' };
    expect(mergeAfterConflict({ ...read, name: ' Voorbeeld B.V. ', active: 'true', sla: '4' }, read, stored)).toEqual({ values: { ...stored, sla: '4' }, notes: {} });
  });

  it('without what the form was read as: the agent’s input, and what is stored beside each field that differs', () => {
    const stored = { ...read, contactPhone: '+31201234567', language: 'fr' };
    expect(mergeAfterConflict(read, undefined, stored)).toEqual({
      values: read,
      notes: { contactPhone: 'Hier staat uw invoer; opgeslagen is nu "+31201234567".', language: 'Hier staat uw invoer; opgeslagen is nu Frans.' },
    });
  });

  it('reads the values the form was read at only when the form sends all of them', () => {
    const body = Object.fromEntries(Object.entries(read).map(([k, v]) => [`read_${k}`, v]));
    expect(readValuesOf(body)).toEqual(read);
    expect(readValuesOf({ ...body, read_sla: undefined })).toBeUndefined();
  });
});

describe('import report', () => {
  it('translates the reasons of the importer and lists every listed line', () => {
    expect(dutchImportReason('unknown type "fax"')).toBe('onbekend type "fax" (kies email, phone, iban, customer-ref, kvk of vat)');
    expect(dutchImportReason('expected 2 columns (type,value), got 3')).toBe('verwacht 2 kolommen (type,value), gevonden: 3');
    const r = importReportOf({ rows: 1200, added: 1000, duplicates: 150, invalid: 50, invalidLines: [{ line: 7, reason: 'not an e-mail address' }] }, 1.25);
    expect(r.rows).toBe('1.200 regels gelezen in 1,3 s');
    expect(r.lines).toEqual(['regel 7: geen e-mailadres']);
    expect(r.more).toBe('… en nog 49 ongeldige regels');
  });
});
