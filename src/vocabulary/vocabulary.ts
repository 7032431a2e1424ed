/**
 * The fixed Dutch texts letters are made of: supervisory authorities, court routes, the rights in
 * plain Dutch (for requesters and for controllers) and the tone switch. Pure data and functions.
 */
import type { Country } from '../deadlines/countries.js';
import { RIGHT_LABELS, type Right } from '../requests/request.types.js';

export const TONES = ['u', 'je'] as const;
export type Tone = (typeof TONES)[number];

export function isTone(value: unknown): value is Tone {
  return value === 'u' || value === 'je';
}

/** Supervisory authority of a country (art 77 AVG), as letters name it. */
export interface SupervisoryAuthority {
  name: string;
  abbreviation: string;
  addressLines: [string, string];
  website: string;
  phone: string;
}

export const SUPERVISORY_AUTHORITIES: Readonly<Record<Country, SupervisoryAuthority>> = {
  NL: {
    name: 'Autoriteit Persoonsgegevens',
    abbreviation: 'AP',
    addressLines: ['Postbus 93374', '2509 AJ Den Haag'],
    website: 'autoriteitpersoonsgegevens.nl',
    phone: '088 - 1805 250',
  },
  BE: {
    name: 'Gegevensbeschermingsautoriteit',
    abbreviation: 'GBA',
    addressLines: ['Drukpersstraat 35', '1000 Brussel'],
    website: 'gegevensbeschermingsautoriteit.be',
    phone: '+32 2 274 48 00',
  },
};

export function supervisoryAuthority(country: Country): SupervisoryAuthority {
  const authority = SUPERVISORY_AUTHORITIES[country];
  if (!authority) throw new RangeError(`No supervisory authority for country ${String(country)}.`);
  return authority;
}

/**
 * Replaces tone tokens in a text: `{u}` u/je, `{U}` U/Je, `{jou}` u/jou (after a preposition), `{uw}` uw/je, `{Uw}` Uw/Je,
 * `{heeft}` heeft/hebt, `{kunt}` kunt/kunt, `{wilt}` wilt/wilt (the last two are the same in both
 * tones but keep sentences readable), `{bent}` bent/bent.
 */
export function applyTone(text: string, tone: Tone): string {
  const je = tone === 'je';
  return text.replace(/\{(u|U|jou|uw|Uw|heeft|kunt|wilt|bent)\}/g, (_m, token: string) => {
    switch (token) {
      case 'u':
        return je ? 'je' : 'u';
      case 'U':
        return je ? 'Je' : 'U';
      case 'uw':
        return je ? 'je' : 'uw';
      case 'Uw':
        return je ? 'Je' : 'Uw';
      case 'jou':
        return je ? 'jou' : 'u';
      case 'heeft':
        return je ? 'hebt' : 'heeft';
      default:
        return token;
    }
  });
}

interface RightTexts {
  /** What the requester asked, for letters to the requester (tone tokens). */
  asked: string;
  /** What the right means, for a controller. */
  meaning: string;
  /** What the controller has to do (tone tokens). */
  todo: string;
}

export const RIGHT_TEXTS: Readonly<Record<Right, RightTexts>> = {
  access: {
    asked: 'weten welke persoonsgegevens over {jou} worden verwerkt, en een kopie daarvan ontvangen',
    meaning: 'De verzoeker wil weten of en welke persoonsgegevens over hem of haar worden verwerkt, en wil daarvan een kopie.',
    todo:
      'Bevestig of {u} gegevens over de verzoeker verwerkt en stuur een kopie (de eerste kosteloos, elektronisch als het verzoek elektronisch kwam). ' +
      'Vermeld daarbij de doeleinden, de soorten gegevens, de ontvangers, de bewaartermijn, de herkomst, of er geautomatiseerde besluitvorming is, ' +
      'de waarborgen bij doorgifte buiten de Europese Economische Ruimte, de rechten van de verzoeker en het recht om te klagen bij de toezichthouder.',
  },
  rectification: {
    asked: 'onjuiste gegevens over {jou} laten verbeteren of onvolledige gegevens laten aanvullen',
    meaning: 'De verzoeker wil dat onjuiste gegevens worden verbeterd of onvolledige gegevens worden aangevuld.',
    todo:
      'Verbeter of vul de gegevens zonder onnodige vertraging aan, zo nodig met een aanvullende verklaring, en meld de wijziging aan iedereen aan wie de gegevens zijn verstrekt (art. 19 AVG). ' +
      'In onze software {kunt} {u} dit meestal zelf doen; {u} {kunt} ons ook de instructie geven het te doen.',
  },
  erasure: {
    asked: 'gegevens over {jou} laten verwijderen',
    meaning: 'De verzoeker wil dat de persoonsgegevens over hem of haar worden gewist.',
    todo:
      'Beoordeel of een grond voor wissing geldt (art. 17 lid 1 AVG) en of een uitzondering geldt (art. 17 lid 3 AVG), zoals een wettelijke bewaarplicht ' +
      '(Nederland: 7 jaar voor de administratie, art. 52 AWR; België: 7 jaar voor de boekhouding en 10 jaar voor belasting en btw). ' +
      'Laat de verzoeker weten welke gegevens {u} bewaart, waarom en tot wanneer, hoe lang kopieën in back-ups blijven bestaan, en meld de wissing aan iedere ontvanger (art. 19 AVG). ' +
      '{U} {kunt} ons de instructie geven de gegevens te wissen.',
  },
  restriction: {
    asked: 'het gebruik van {uw} gegevens tijdelijk laten stoppen, behalve het bewaren ervan',
    meaning: 'De verzoeker wil dat het gebruik van de gegevens tijdelijk stopt, bijvoorbeeld terwijl de juistheid wordt gecontroleerd.',
    todo:
      'Markeer de gegevens en gebruik ze alleen nog om ze te bewaren en voor de doelen van art. 18 lid 2 AVG (rechtsvorderingen, de rechten van anderen, een zwaarwegend algemeen belang). ' +
      'Laat het de verzoeker weten voordat de beperking wordt opgeheven (art. 18 lid 3 AVG) en meld de beperking aan iedere ontvanger (art. 19 AVG).',
  },
  portability: {
    asked: 'de gegevens die {u} zelf {heeft} verstrekt ontvangen in een gangbaar bestand dat een computer kan lezen',
    meaning: 'De verzoeker wil de gegevens die hij of zij zelf heeft verstrekt in een gestructureerd, gangbaar en machineleesbaar formaat.',
    todo:
      'Lever de gegevens die de verzoeker zelf heeft verstrekt en die op toestemming of een overeenkomst berusten en geautomatiseerd worden verwerkt, als CSV- of JSON-bestand; ' +
      'op verzoek rechtstreeks aan een andere organisatie. {U} {kunt} ons de instructie geven een export te maken; die sturen wij naar {jou}, niet naar de verzoeker.',
  },
  objection: {
    asked: 'bezwaar maken tegen het gebruik van {uw} gegevens op grond van een gerechtvaardigd of algemeen belang',
    meaning: 'De verzoeker maakt bezwaar tegen een verwerking die berust op een taak van algemeen belang of een gerechtvaardigd belang.',
    todo:
      'Stop de verwerking, tenzij {u} dwingende gerechtvaardigde gronden {kunt} aantonen die zwaarder wegen dan de belangen van de verzoeker, ' +
      'of de gegevens nodig zijn voor een rechtsvordering. Leg de afweging vast.',
  },
  'objection-direct-marketing': {
    asked: 'geen reclame of aanbiedingen meer ontvangen en {uw} gegevens daarvoor niet meer laten gebruiken',
    meaning: 'De verzoeker wil dat zijn of haar gegevens niet meer voor direct marketing worden gebruikt.',
    todo: 'Stop direct marketing aan de verzoeker meteen en zonder uitzondering. Een identiteitscontrole is niet nodig; het adres laten overeenkomen is genoeg.',
  },
  'automated-decision': {
    asked: 'een besluit dat zonder menselijke tussenkomst over {jou} is genomen, door een mens laten beoordelen',
    meaning: 'De verzoeker wil dat een besluit dat zonder menselijke tussenkomst is genomen, door een mens wordt bekeken.',
    todo:
      'Laat een medewerker het besluit opnieuw beoordelen, geef de verzoeker de gelegenheid een standpunt toe te lichten en het besluit aan te vechten, ' +
      'en leg uit hoe het besluit tot stand kwam.',
  },
  'consent-withdrawal': {
    asked: 'de toestemming die {u} eerder gaf intrekken, zodat het gebruik van {uw} gegevens op grond daarvan stopt',
    meaning: 'De verzoeker trekt een eerder gegeven toestemming in.',
    todo: 'Stop meteen met de verwerking die op deze toestemming berust. Intrekken moet even gemakkelijk zijn als toestemming geven.',
  },
};

/** "inzage (art. 15 AVG)". */
export function rightWithArticle(right: Right): string {
  const label = RIGHT_LABELS[right];
  if (!label) throw new RangeError(`Unknown right: ${String(right)}.`);
  return `${label.name} (${label.article})`;
}

/** For the requester: "inzage: weten welke persoonsgegevens over u … (art. 15 AVG)". */
export function rightAsked(right: Right, tone: Tone): string {
  const label = RIGHT_LABELS[right];
  const texts = RIGHT_TEXTS[right];
  if (!label || !texts) throw new RangeError(`Unknown right: ${String(right)}.`);
  return `${label.name}: ${applyTone(texts.asked, tone)} (${label.article})`;
}

/** For a controller: what the right means and what to do. */
export function rightForController(right: Right, tone: Tone): { name: string; article: string; meaning: string; todo: string } {
  const label = RIGHT_LABELS[right];
  const texts = RIGHT_TEXTS[right];
  if (!label || !texts) throw new RangeError(`Unknown right: ${String(right)}.`);
  return { name: label.name, article: label.article, meaning: texts.meaning, todo: applyTone(texts.todo, tone) };
}
