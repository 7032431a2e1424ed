/**
 * Which exports may be stored, judged by their content (never by the type the uploader declared):
 * ZIP and PDF by their magic bytes (`file-type`), XML by its declaration, JSON, CSV and plain
 * text by a UTF-8 and structure check. Anything else (programs, images, HTML, …) is refused.
 */
import { fileTypeFromBuffer } from 'file-type';

export const EXPORT_TYPES = ['application/zip', 'application/json', 'text/csv', 'application/pdf', 'text/plain', 'application/xml'] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

/** Binary types recognised by file-type that are allowed (ZIP containers such as docx or jar are not). */
const BINARY_ALLOWED = new Set<string>(['application/zip', 'application/pdf', 'application/xml']);

/** Control characters other than tab, line feed, form feed and carriage return: not text. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function utf8Text(content: Buffer): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
    return NOT_TEXT.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

function isJson(text: string): boolean {
  if (!/^\s*[[{]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The stored type of an export, or undefined when it is not an allowed type (pure apart from file-type). */
export async function exportContentType(content: Buffer, declaredType: string | undefined, filename: string | undefined): Promise<ExportType | undefined> {
  const detected = await fileTypeFromBuffer(content);
  if (detected) return BINARY_ALLOWED.has(detected.mime) ? (detected.mime as ExportType) : undefined;
  const text = utf8Text(content);
  if (text === undefined) return undefined;
  if (isJson(text)) return 'application/json';
  // Markup other than an XML document (HTML, SVG without a declaration) is not an export type.
  if (/^\s*</.test(text)) return undefined;
  const declared = (declaredType ?? '').split(';')[0].trim().toLowerCase();
  return declared === 'text/csv' || /\.csv$/i.test(filename ?? '') ? 'text/csv' : 'text/plain';
}

/** The Dutch list of allowed types, for the refusal. */
export const EXPORT_TYPES_DUTCH = 'ZIP, PDF, JSON, CSV, XML of platte tekst (UTF-8)';
