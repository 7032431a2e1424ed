import { suggestRights } from '../../../src/inbox/rights-classifier.js';

describe('suggestRights: the rights a mail seems to ask for (a suggestion the agent confirms)', () => {
  it.each([
    ['Inzageverzoek', 'Ik wil graag weten welke gegevens u van mij heeft.', ['access']],
    ['', 'Graag ontvang ik een kopie van mijn dossier.', ['access']],
    ['Verwijderen', 'Wilt u al mijn gegevens verwijderen?', ['erasure']],
    ['', 'Ik wil vergeten worden.', ['erasure']],
    ['', 'Mijn adres klopt niet, wilt u dat corrigeren?', ['rectification']],
    ['', 'Ik maak bezwaar tegen de verwerking van mijn gegevens.', ['objection']],
    ['Afmelden', 'Ik wil me afmelden voor de nieuwsbrief.', ['objection-direct-marketing']],
    ['', 'Ik maak bezwaar tegen direct marketing.', ['objection-direct-marketing']],
    ['', 'Ik wil mijn gegevens meenemen naar een andere aanbieder.', ['portability']],
    ['', 'Wilt u het gebruik van mijn gegevens beperken?', ['restriction']],
    ['Subject access request', 'Please send me a copy of my personal data.', ['access']],
    ['', 'Please delete my account and erase all data.', ['erasure']],
    ['Unsubscribe', 'Stop sending me your newsletter.', ['objection-direct-marketing']],
    ['', 'I want to transfer my data to another provider.', ['portability']],
    // French, as Belgian requesters write (the mail's language is detected separately).
    ['Demande d’accès', 'Je souhaite exercer mon droit d’accès et recevoir une copie de mes données.', ['access']],
    ['', 'Quelles données personnelles conservez-vous à mon sujet ?', ['access']],
    ['', 'Mon adresse est inexacte, pouvez-vous la corriger ?', ['rectification']],
    ['', 'Je vous demande de supprimer toutes mes données.', ['erasure']],
    ['', 'J’invoque mon droit à l’oubli.', ['erasure']],
    ['', 'Je m’oppose au traitement de mes données.', ['objection']],
    ['Désinscription', 'Je ne veux plus recevoir votre lettre d’information.', ['objection-direct-marketing']],
    ['', 'Je m’oppose à la prospection commerciale.', ['objection-direct-marketing']],
    ['', 'Je demande la limitation du traitement de mes données.', ['restriction']],
    ['', 'Je veux récupérer mes données pour les transférer à un autre fournisseur.', ['portability']],
    ['', 'Je retire mon consentement.', ['consent-withdrawal']],
    ['', 'Je conteste une décision automatisée prise à mon égard.', ['automated-decision']],
  ])('%s / %s → %j', (subject, text, rights) => {
    expect(suggestRights(subject, text)).toEqual(rights);
  });

  it('finds several rights in one mail, in the vocabulary order', () => {
    expect(suggestRights('', 'Stuur mij een kopie van mijn gegevens en verwijder ze daarna.')).toEqual(['access', 'erasure']);
  });

  it('finds nothing in a mail that names no right (the request is flagged "Rechten vaststellen")', () => {
    expect(suggestRights('Vraag', 'Hoe laat gaat uw winkel open op zaterdag?')).toEqual([]);
    // No match inside another word: "wiskunde" is not "wis".
    expect(suggestRights('', 'Mijn zoon heeft wiskunde.')).toEqual([]);
    // "oublié" (forgotten, a password) is not the right to be forgotten.
    expect(suggestRights('', 'J’ai oublié mon mot de passe.')).toEqual([]);
  });

  it('ignores case and accents', () => {
    expect(suggestRights('', 'IK WIL INZAGE')).toEqual(['access']);
    expect(suggestRights('', 'Je veux la suppression? Please ERASE me')).toEqual(['erasure']);
  });
});
