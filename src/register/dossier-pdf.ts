/**
 * Lays a dossier (dossier.ts) out as an A4 PDF with pdfkit: a header with the reference on every
 * page, "Pagina n van m" in the footer, sections with facts, tables and verbatim texts. pdfkit's
 * standard fonts (Helvetica) only show the WinAnsi (Windows-1252) characters, so every text goes
 * through {@link toWinAnsi} first.
 */
import PDFDocument from 'pdfkit';
import type { Dossier, DossierBlock, Fact } from './dossier.js';

/** The Unicode characters of Windows-1252's 0x80–0x9F range (the rest of WinAnsi is Latin-1). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const REPLACEMENTS: Record<string, string> = {
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-',
  '\u2212': '-', // minus
  '\u2192': '->',
  '\u2190': '<-',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u2032': "'",
  '\u2033': '"',
  '\u201f': '"',
  '\u201b': "'",
  '\u2713': 'v',
  '\u2714': 'v',
  '\u00ad': '', // soft hyphen
  '\u200b': '', // zero-width space
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
  '\u2009': ' ', // thin space
  '\u202f': ' ', // narrow no-break space
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2007': ' ',
  '\u2028': '\n',
  '\u2029': '\n',
  '\u0131': 'i',
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
};

function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) || ch === '\n';
}

/**
 * Text the standard PDF fonts can show: line breaks normalised, tabs to spaces, other control
 * characters dropped, letters with diacritics outside WinAnsi reduced to their base letter
 * ("ő" → "o", "ș" → "s"), a few symbols spelled out ("→" → "->"), anything else "?".
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').normalize('NFC')) {
    if (isWinAnsi(ch)) {
      out += ch;
      continue;
    }
    const replacement = REPLACEMENTS[ch];
    if (replacement !== undefined) {
      out += replacement;
      continue;
    }
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue; // control characters
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += base && [...base].every(isWinAnsi) ? base : '?';
  }
  return out;
}

/** Dutch compound joints where a long word may break: after a linking "-s" ("verwerkings|", "identiteits|") or a common first part. */
const JOINTS = /(?<=[a-zà-ÿ]{2})(ings|heids|teits|schaps|tions|gegevens|ontvangst|verzoek|termijn|privacy|bewaar|betrokkene|doorsturings)(?=[a-zà-ÿ]{4,})/gi;
const SOFT_HYPHEN = '\u00ad';

/**
 * Soft hyphens at sensible places in long words (15 letters or more), so that a narrow column
 * breaks "Verwerkings-/verantwoordelijke" rather than "Verwerkingsverantwo/ordelijke" (pdfkit
 * breaks at a soft hyphen and shows a hyphen there; elsewhere it is invisible).
 */
export function softHyphens(text: string): string {
  return text.replace(/[A-Za-zÀ-ÿ]{15,}/g, (word) => word.replace(JOINTS, `$1${SOFT_HYPHEN}`));
}

export interface DossierPdfOptions {
  /** Compress the content streams (default true); tests turn it off to read the text. */
  compress?: boolean;
  /** The document's creation date (default now). */
  createdAt?: Date;
}

const MARGIN = { top: 76, bottom: 64, left: 56, right: 56 };
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#b0b0b0';
const ACCENT = '#1f4e79';
const SIZE = 9.5;

/** The dossier as PDF bytes. */
export function renderDossierPdf(dossier: Dossier, options: DossierPdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: toWinAnsi(dossier.title),
      Subject: 'Dossier van een verzoek van een betrokkene (AVG)',
      Creator: 'Verzoekrouter',
      CreationDate: options.createdAt ?? new Date(),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new Layout(doc).dossier(dossier);
  doc.end();
  return done;
}

class Layout {
  private readonly left = MARGIN.left;
  private readonly width: number;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }

  /** Starts a new page when fewer than `height` points are left. */
  private ensure(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  private height(text: string, font: string, size: number, width: number): number {
    return this.doc.font(font).fontSize(size).heightOfString(text, { width });
  }

  dossier(d: Dossier): void {
    const doc = this.doc;
    doc.fillColor(ACCENT).font(BOLD).fontSize(20).text(toWinAnsi(d.title), this.left, doc.y, { width: this.width });
    doc.moveDown(0.4);
    doc.fillColor(MUTED).font(FONT).fontSize(SIZE);
    for (const line of d.intro) doc.text(toWinAnsi(line), this.left, doc.y, { width: this.width, lineGap: 1.5 });
    doc.moveDown(0.6);
    for (const section of d.sections) {
      this.ensure(70);
      doc.moveDown(0.8);
      const y = doc.y;
      doc.fillColor(ACCENT).font(BOLD).fontSize(14).text(toWinAnsi(section.heading), this.left, y, { width: this.width });
      doc
        .moveTo(this.left, doc.y + 1)
        .lineTo(this.left + this.width, doc.y + 1)
        .lineWidth(0.8)
        .strokeColor(ACCENT)
        .stroke();
      doc.y += 6;
      for (const block of section.blocks) this.block(block);
    }
    this.frame(d);
  }

  private block(b: DossierBlock): void {
    const doc = this.doc;
    switch (b.kind) {
      case 'paragraph':
        this.ensure(this.height(toWinAnsi(b.text), FONT, SIZE, this.width) > 200 ? 40 : this.height(toWinAnsi(b.text), FONT, SIZE, this.width));
        doc.fillColor(INK).font(FONT).fontSize(SIZE).text(toWinAnsi(b.text), this.left, doc.y, { width: this.width, lineGap: 1.5 });
        doc.moveDown(0.5);
        return;
      case 'facts':
        return this.facts(b.title, b.facts);
      case 'verbatim':
        return this.verbatim(b.label, b.text);
      case 'table':
        return this.table(b.columns, b.rows);
    }
  }

  private subheading(title: string): void {
    const text = toWinAnsi(title);
    this.ensure(this.height(text, BOLD, 11, this.width) + 30);
    this.doc.moveDown(0.3);
    this.doc.fillColor(INK).font(BOLD).fontSize(11).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.y += 3;
  }

  private facts(title: string | undefined, facts: Fact[]): void {
    const doc = this.doc;
    if (title) this.subheading(title);
    const labelWidth = 150;
    const valueWidth = this.width - labelWidth - 8;
    for (const f of facts) {
      const label = softHyphens(toWinAnsi(f.label));
      const value = softHyphens(toWinAnsi(f.value));
      const h = Math.max(this.height(label, BOLD, SIZE, labelWidth), this.height(value, FONT, SIZE, valueWidth));
      this.ensure(Math.min(h, 200));
      const y = doc.y;
      doc.fillColor(MUTED).font(BOLD).fontSize(SIZE).text(label, this.left, y, { width: labelWidth });
      const afterLabel = doc.y;
      doc.fillColor(INK).font(FONT).fontSize(SIZE).text(value, this.left + labelWidth + 8, y, { width: valueWidth, lineGap: 1 });
      doc.y = Math.max(doc.y, afterLabel) + 2.5;
    }
    doc.moveDown(0.4);
  }

  /** Recorded text, unaltered: a label, then the text beside a vertical rule, paragraph by paragraph. */
  private verbatim(label: string, text: string): void {
    const doc = this.doc;
    const indent = 12;
    const width = this.width - indent;
    const title = toWinAnsi(label);
    const paragraphs = toWinAnsi(text).split('\n');
    this.ensure(this.height(title, ITALIC, 8.5, this.width) + Math.min(this.height(paragraphs[0] || ' ', FONT, SIZE, width), 120) + 6);
    doc.fillColor(MUTED).font(ITALIC).fontSize(8.5).text(title, this.left, doc.y, { width: this.width });
    doc.y += 2;
    for (const paragraph of paragraphs) {
      const line = paragraph === '' ? ' ' : paragraph;
      const h = this.height(line, FONT, SIZE, width);
      const fits = h <= this.bottom - MARGIN.top;
      if (fits) this.ensure(h);
      const top = doc.y;
      const page = this.currentPage();
      doc.fillColor(INK).font(FONT).fontSize(SIZE).text(line, this.left + indent, top, { width, lineGap: 1 });
      if (this.currentPage() === page) {
        doc.moveTo(this.left + 3, top - 1).lineTo(this.left + 3, doc.y).lineWidth(1.6).strokeColor(RULE).stroke();
      }
    }
    doc.moveDown(0.6);
  }

  private currentPage(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count;
  }

  private table(columns: { header: string; width: number }[], rows: string[][]): void {
    const doc = this.doc;
    const pad = 3;
    const widths = columns.map((c) => c.width * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const header = () => {
      const texts = columns.map((c) => softHyphens(toWinAnsi(c.header)));
      const h = Math.max(...texts.map((t, i) => this.height(t, BOLD, SIZE, widths[i] - 2 * pad))) + 2 * pad;
      this.ensure(h + 20);
      const y = doc.y;
      doc.rect(this.left, y, this.width, h).fillColor('#e8eef5').fill();
      texts.forEach((t, i) => doc.fillColor(INK).font(BOLD).fontSize(SIZE).text(t, xs[i] + pad, y + pad, { width: widths[i] - 2 * pad }));
      doc.y = y + h;
    };
    header();
    for (const row of rows) {
      const texts = row.map((cell) => softHyphens(toWinAnsi(cell)));
      const h = Math.max(...texts.map((t, i) => this.height(t, FONT, SIZE, widths[i] - 2 * pad))) + 2 * pad;
      if (doc.y + h > this.bottom && h <= this.bottom - MARGIN.top - 40) {
        doc.addPage();
        header();
      }
      const y = doc.y;
      let end = y;
      texts.forEach((t, i) => {
        doc.fillColor(INK).font(FONT).fontSize(SIZE).text(t, xs[i] + pad, y + pad, { width: widths[i] - 2 * pad, lineGap: 0.5 });
        end = Math.max(end, doc.y);
      });
      doc.y = Math.max(end + pad, y + h);
      doc.moveTo(this.left, doc.y).lineTo(this.left + this.width, doc.y).lineWidth(0.4).strokeColor(RULE).stroke();
    }
    doc.moveDown(0.6);
  }

  /** Header and footer on every page (drawn last, when the page count is known). */
  private frame(d: Dossier): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    const reference = toWinAnsi(d.reference);
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing in the margins: without this pdfkit would start a new page for the footer.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.fillColor(MUTED).font(BOLD).fontSize(8.5).text(`Dossier ${reference}`, this.left, 36, { width: this.width / 2, lineBreak: false });
      doc.font(FONT).text('Vertrouwelijk', this.left + this.width / 2, 36, { width: this.width / 2, align: 'right', lineBreak: false });
      doc.moveTo(this.left, 52).lineTo(this.left + this.width, 52).lineWidth(0.5).strokeColor(RULE).stroke();
      const footerY = doc.page.height - 40;
      doc.moveTo(this.left, footerY - 6).lineTo(this.left + this.width, footerY - 6).lineWidth(0.5).strokeColor(RULE).stroke();
      doc.fillColor(MUTED).font(FONT).fontSize(8.5).text(`Kenmerk ${reference}`, this.left, footerY, { width: this.width / 2, lineBreak: false });
      doc.text(`Pagina ${i - range.start + 1} van ${range.count}`, this.left + this.width / 2, footerY, { width: this.width / 2, align: 'right', lineBreak: false });
      doc.page.margins.bottom = bottom;
    }
  }
}
