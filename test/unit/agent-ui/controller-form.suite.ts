/** The controller form: what the API schema receives, and its errors and the import report in Dutch. */
import { createControllerSchema, updateControllerSchema } from '../../../src/data-controllers/data-controller.schemas.js';
import { controllerBodyOf, dutchImportReason, importReportOf, NEW_CONTROLLER_VALUES, storedNowNotes } from '../../../src/agent-ui/controller-form.js';

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

describe('storedNowNotes', () => {
  const stored = { ...filled, name: 'Voorbeeld B.V.', language: 'nl', country: 'BE', mayInform: 'ja', active: 'ja', agreementTitle: 'Overeenkomst' };

  it('says what is stored now beside each field the agent typed otherwise, in the form’s words', () => {
    const mine = { ...stored, name: 'Voorbeeld en Zn. B.V.', country: 'NL', language: 'fr', mayInform: '', agreementTitle: '' };
    expect(storedNowNotes(mine, stored)).toEqual({
      name: 'Nu opgeslagen: "Voorbeeld B.V.".',
      country: 'Nu opgeslagen: België.',
      language: 'Nu opgeslagen: Nederlands.',
      mayInform: 'Nu opgeslagen: aangevinkt.',
      agreementTitle: 'Nu opgeslagen: "Overeenkomst".',
    });
    expect(storedNowNotes(stored, { ...stored, contactPhone: '' })).toEqual({});
    expect(storedNowNotes({ ...stored, contactPhone: '020 123 4567' }, stored)).toEqual({ contactPhone: 'Nu opgeslagen: leeg.' });
  });

  it('sees no difference in spaces around text or in how a ticked box was sent', () => {
    expect(storedNowNotes({ ...stored, name: ' Voorbeeld B.V. ', mayInform: 'on', active: 'true' }, stored)).toEqual({});
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
