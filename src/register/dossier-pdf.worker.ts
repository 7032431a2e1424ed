/**
 * The worker thread's half of the dossier PDF (see dossier-pdf-pool.ts): lays out a dossier model
 * (plain data, built in the main thread) with pdfkit. Runs from the compiled dist/ only.
 */
import type { Dossier } from './dossier.js';
import { renderDossierPdf, type DossierPdfOptions } from './dossier-pdf.js';

export interface DossierPdfTask {
  dossier: Dossier;
  options: DossierPdfOptions;
}

export default function render(task: DossierPdfTask): Promise<Uint8Array> {
  return renderDossierPdf(task.dossier, task.options);
}
