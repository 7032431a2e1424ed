/**
 * The dossier PDF rendered in a worker thread (dist/src/register/dossier-pdf.worker.js) is the
 * same document as one rendered in the main thread, and a node at its cap refuses at once with a
 * 503 problem and Retry-After instead of queueing without bound.
 */
import type { ResolvedConfig } from '../../../src/config/config.module.js';
import type { Dossier } from '../../../src/register/dossier.js';
import { renderDossierPdf } from '../../../src/register/dossier-pdf.js';
import { DossierBusyProblem, DossierPdfPool } from '../../../src/register/dossier-pdf-pool.js';
import { pdfText } from '../../support/pdf.js';

const dossier: Dossier = {
  reference: 'AVG-2025-000042',
  title: 'Dossier AVG-2025-000042',
  intro: ['Verzoek van Zoë de Vries, ontvangen op 3 maart 2025.'],
  sections: [
    {
      heading: 'Notities',
      blocks: Array.from({ length: 40 }, (_, i) => ({ kind: 'verbatim' as const, label: `Notitie ${i + 1}`, text: `Verzoeker belde na over café € 5 → Łódź. `.repeat(60) })),
    },
  ],
};

function pool(threads: number, queue: number): DossierPdfPool {
  return new DossierPdfPool({ dossierPdf: { threads, queue } } as ResolvedConfig);
}

describe('dossier PDF worker pool', () => {
  it('renders the same PDF in a worker thread as in the main thread', async () => {
    const p = pool(1, 4);
    try {
      const options = { compress: false, createdAt: new Date('2025-07-01T08:00:00Z') };
      const [inWorker, inMain] = await Promise.all([p.render(dossier, options), renderDossierPdf(dossier, options)]);
      expect(Buffer.isBuffer(inWorker)).toBe(true);
      expect(pdfText(inWorker)).toContain('Notitie 40');
      expect(pdfText(inWorker)).toBe(pdfText(inMain));
      expect(inWorker.equals(inMain)).toBe(true);
    } finally {
      await p.onApplicationShutdown();
    }
  });

  it('refuses beyond one rendering and one waiting with a 503 problem and Retry-After', async () => {
    const p = pool(1, 1);
    try {
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => p.render(dossier)));
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as unknown);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(refused).toHaveLength(2);
      for (const err of refused) {
        expect(err).toBeInstanceOf(DossierBusyProblem);
        expect((err as DossierBusyProblem).toBody()).toMatchObject({ status: 503, code: 'dossier-busy' });
        expect((err as DossierBusyProblem).extensions.retryAfter).toBeGreaterThan(0);
      }
    } finally {
      await p.onApplicationShutdown();
    }
  });
});
