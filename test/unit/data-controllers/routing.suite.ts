/** The pure routing pieces: a requester's digests and the matched controllers of a lookup. */
import { identifierDigest } from '../../../src/data-controllers/identifiers.js';
import { requesterDigests, toMatchedControllers } from '../../../src/routing/request-digests.js';
import { csvRow, copyLine } from '../../../src/data-controllers/identifier-import.js';

const KEY = 'unit-identifier-key-0123456789abcdef';
const hex = (v: string) => identifierDigest(KEY, v).toString('hex');

describe('requesterDigests', () => {
  it('hashes the normalised e-mail, phone and customer reference', () => {
    expect(requesterDigests({ email: ' Jan@Example.NL', phone: '06-12345678', customerRef: ' KL-1 ' }, KEY, 'NL')).toEqual([
      { type: 'email', digest: hex('jan@example.nl') },
      { type: 'phone', digest: hex('+31612345678') },
      { type: 'customer-ref', digest: hex('kl-1') },
    ]);
  });

  it('skips what is absent or cannot match', () => {
    expect(requesterDigests({ email: null, phone: '12', customerRef: null }, KEY, 'NL')).toEqual([]);
  });
});

describe('toMatchedControllers', () => {
  it('one entry per controller, types in a stable order, isSelf only on the processor', () => {
    expect(
      toMatchedControllers([
        { controllerId: 'b', isSelf: false, types: ['phone', 'email'] },
        { controllerId: 'a', isSelf: true, types: ['customer-ref'] },
      ]),
    ).toEqual([
      { controllerId: 'a', matchedBy: ['customer-ref'], isSelf: true },
      { controllerId: 'b', matchedBy: ['email', 'phone'] },
    ]);
  });
});

describe('CSV rows of the bulk import', () => {
  it('recognises the header, hashes valid rows and explains invalid ones', () => {
    expect(csvRow(['type', 'value'], true, KEY, 'NL')).toEqual({ kind: 'header' });
    expect(csvRow(['email', 'Jan@Example.NL'], false, KEY, 'NL')).toEqual({ kind: 'ok', identifier: { type: 'email', digest: hex('jan@example.nl') } });
    expect(csvRow(['fax', '123'], false, KEY, 'NL')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('unknown type') });
    expect(csvRow(['email'], false, KEY, 'NL')).toMatchObject({ kind: 'invalid', reason: expect.stringContaining('2 columns') });
    expect(csvRow(['iban', 'NL91ABNA0417164301'], false, KEY, 'NL')).toEqual({ kind: 'invalid', reason: 'IBAN checksum is wrong' });
  });

  it('writes bytea as escaped hex for COPY text format', () => {
    expect(copyLine({ type: 'email', digest: 'ab01' })).toBe('email\t\\\\xab01\n');
  });
});
