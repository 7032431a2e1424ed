/** Reading PDFs in tests: page count, and the text of an uncompressed pdfkit PDF (standard fonts, WinAnsi). */

const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWinAnsi(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = Number.parseInt(hex.slice(i, i + 2), 16);
    out += code >= 0x80 && code <= 0x9f ? CP1252_HIGH[code - 0x80] : String.fromCharCode(code);
  }
  return out;
}

/** Every text line (one TJ operator each) of an uncompressed PDF, joined by newlines. */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const m of raw.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    lines.push([...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeWinAnsi(h[1])).join(''));
  }
  return lines.join('\n');
}

/** The page count from the page tree (`/Type /Pages … /Count n`). */
export function pdfPageCount(pdf: Buffer): number {
  const m = /\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(pdf.toString('latin1'));
  return m ? Number(m[1]) : 0;
}

/** A PDF file as a reader expects it: the header, and %%EOF at the end. */
export function looksLikePdf(pdf: Buffer): boolean {
  return pdf.subarray(0, 5).toString('latin1') === '%PDF-' && pdf.subarray(-8).toString('latin1').trimEnd().endsWith('%%EOF');
}
