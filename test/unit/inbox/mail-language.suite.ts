/** The language of an incoming mail decides the language of the requester's letters (issue 24). */
import { mailLanguage } from '../../../src/inbox/mail-language.js';

describe('the language of a mail', () => {
  it('tells French, Dutch and English requests apart', () => {
    expect(
      mailLanguage(
        "Demande d'accès à mes données",
        "Bonjour,\n\nConformément à l'article 15 du RGPD, je souhaite recevoir une copie de toutes les données personnelles que vous détenez à mon sujet.\n\nCordialement,\nClaire Dubois",
      ),
    ).toBe('fr');
    expect(
      mailLanguage('Inzageverzoek', 'Beste meneer, mevrouw,\n\nGraag wil ik op grond van artikel 15 AVG weten welke persoonsgegevens u van mij verwerkt.\n\nMet vriendelijke groet,\nJan Jansen'),
    ).toBe('nl');
    expect(mailLanguage('Subject access request', 'Dear Sir or Madam,\n\nPlease send me a copy of all personal data you hold about me, as the GDPR allows.\n\nKind regards,\nJohn Smith')).toBe('en');
  });

  it('leaves a text too short to tell undecided', () => {
    expect(mailLanguage('', 'Hallo')).toBeUndefined();
    expect(mailLanguage('Re:', 'ok')).toBeUndefined();
  });

  it('reads the writer\'s own words, not a quoted earlier mail', () => {
    const quoted = Array.from({ length: 8 }, () => '> Wij hebben uw verzoek ontvangen en laten u binnen een maand weten wat wij doen.').join('\n');
    expect(mailLanguage('Re: uw verzoek', `Merci beaucoup, mais je voudrais aussi que vous effaciez toutes mes données.\n\n${quoted}`)).toBe('fr');
  });
});
