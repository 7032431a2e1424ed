import { describe, expect, it } from '@jest/globals';
import { attachmentDisposition, safeFilename } from '../../../src/processor-tasks/processor-task.rules.js';
import { exportContentType } from '../../../src/processor-tasks/export-content.js';

describe('export file names: format characters (Unicode Cf) are removed', () => {
  it('a right-to-left override cannot make exportexe.doc out of export\\u202Ecod.exe', () => {
    expect(safeFilename('export\u202Ecod.exe')).toBe('exportcod.exe');
    expect(safeFilename('\u200Bfac\u2066tuur\u2069\uFEFF.pdf')).toBe('factuur.pdf');
  });
  it('keeps letters of every script', () => {
    expect(safeFilename('gegevens-café-Łódź-ملف.csv')).toBe('gegevens-café-Łódź-ملف.csv');
  });
  it('a Content-Disposition carries no format character either', () => {
    expect(attachmentDisposition('export\u202Ecod.exe')).toBe(`attachment; filename="exportcod.exe"; filename*=UTF-8''exportcod.exe`);
  });
});

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.alloc(200, 0x20), Buffer.from('\n%%EOF\n')]);
// A minimal empty ZIP archive (end of central directory only) and one with a stored file
const zip = Buffer.from('504b0304140000000000000000000000000000000000000000000500000061622e747874', 'hex');

describe('export types are judged by content, not by the declared type', () => {
  it.each([
    ['a PDF declared as octet-stream', pdf, 'application/octet-stream', 'x.bin', 'application/pdf'],
    ['a ZIP declared as text/plain', zip, 'text/plain', 'x.txt', 'application/zip'],
    ['JSON declared as octet-stream', Buffer.from('{"naam":"Jan","orders":[1,2]}'), 'application/octet-stream', 'gegevens', 'application/json'],
    ['XML', Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<gegevens><naam>Jan</naam></gegevens>\n'), 'text/plain', 'g.xml', 'application/xml'],
    ['CSV (by its name)', Buffer.from('\uFEFFbestelling,datum\r\n1001,2026-01-05\r\n'), 'application/octet-stream', 'bestellingen.csv', 'text/csv'],
    ['plain UTF-8 text', Buffer.from('Naam: Jan Jansen\nAdres: Straße 1, Łódź\n'), 'text/html', 'gegevens.txt', 'text/plain'],
  ])('%s', async (_what, content, declared, name, expected) => {
    expect(await exportContentType(content, declared, name)).toBe(expected);
  });

  it.each([
    ['a Windows program declared as CSV', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120, 0)]), 'text/csv', 'export.csv'],
    ['an HTML page declared as text', Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), 'text/plain', 'x.txt'],
    ['a PNG image', Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), 'text/csv', 'x.csv'],
    ['text that is not UTF-8', Buffer.from('Stra\xdfe', 'latin1'), 'text/plain', 'x.txt'],
    ['binary bytes', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]), 'application/json', 'x.json'],
  ])('%s is refused', async (_what, content, declared, name) => {
    expect(await exportContentType(content, declared, name)).toBeUndefined();
  });
});
