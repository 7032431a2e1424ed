/** The pages a requester or controller reads, in their language (issue 24): the variant, the words, <html lang>. */
import { Views } from '../../../src/http/views.js';
import { confirmationPageTexts } from '../../../src/verification/verification-view.js';

const views = new Views();
const deletion = { reference: 'AVG-2026-000042', controllerName: 'Kapsalon Knip B.V.', processorName: 'Voorbeeld Software B.V.', processorEmail: 'privacy@voorbeeld.example', token: 't', csrf: 'c', confirmed: false, confirmedAt: '', error: null, nameMax: 200 };

describe('pages in the reader\'s language', () => {
  it('the deletion page: the French and English variants, with <html lang> and the layout\'s words', () => {
    const fr = views.render('controller-deletion', deletion, { title: 'x', agent: null, csrf: null, lang: 'fr' });
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Oui, les données ont été supprimées');
    expect(fr).toContain('Aller au contenu');
    const en = views.render('controller-deletion', deletion, { title: 'x', agent: null, csrf: null, lang: 'en' });
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Yes, the data has been deleted');
    const nl = views.render('controller-deletion', deletion, { title: 'x', agent: null, csrf: null });
    expect(nl).toContain('<html lang="nl">');
    expect(nl).toContain('Ja, de gegevens zijn verwijderd');
  });

  it('the requester\'s confirmation page takes its words in the requester\'s language', () => {
    const texts = confirmationPageTexts('u', 'Voorbeeld Software B.V.', 'AVG-2026-000042', 'fr');
    const html = views.render('verification-confirm', { reference: 'AVG-2026-000042', token: 't', csrf: 'c', confirmed: false, texts }, { title: texts.title, agent: null, csrf: null, lang: 'fr' });
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Oui, cette demande vient de moi');
    expect(html).toContain('(art. 12, par. 6, du RGPD)');
    expect(confirmationPageTexts('je', 'X', 'AVG-2026-000042', 'en').button).toBe('Yes, this request comes from me');
    expect(confirmationPageTexts('je', 'X', 'AVG-2026-000042').heading).toBe('Bevestig je AVG-verzoek (AVG-2026-000042)');
  });
});
