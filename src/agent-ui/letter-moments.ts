/**
 * When each letter goes out, in plain Dutch for the Brieven page (no event codes or state names).
 * A letter without an entry here shows the catalogue's own `sentBy`; the test of the Brieven page
 * fails when that text contains a code, so a new letter gets its sentence here.
 */
export const LETTER_MOMENTS: Readonly<Record<string, string>> = {
  acknowledgement: 'Meteen nadat een verzoek binnenkomt, als de verzoeker een e-mailadres gaf.',
  'forwarded-notice':
    'Als wij het verzoek naar de verwerkingsverantwoordelijke sturen, en alleen als de verwerkingsverantwoordelijke heeft toegestaan dat de verzoeker dat hoort.',
  'clarification-request': 'Als een medewerker de verzoeker om meer informatie vraagt, bijvoorbeeld welk account het gaat.',
  'identification-request':
    'Als een medewerker de verzoeker vraagt te laten zien wie hij is. Tot het antwoord er is, staat de termijn stil.',
  'email-confirmation': 'Als een medewerker de identiteit controleert via een bevestigingslink per e-mail.',
  'extension-notice': 'Als een medewerker de termijn verlengt. Dat kan alleen in de eerste maand na ontvangst.',
  refusal: 'Als een medewerker het verzoek (of een deel ervan) weigert, met de reden.',
  completion: 'Als wij het verzoek zelf hebben afgehandeld en een medewerker het afrondt.',
  'not-ours': 'Als een medewerker vaststelt dat het verzoek niet voor ons is en ook niet voor een van onze verwerkingsverantwoordelijken.',
  forwarding: 'Als wij het verzoek naar de verwerkingsverantwoordelijke sturen, met een persoonlijke link.',
  'controller-reminder': 'Als de verwerkingsverantwoordelijke de ontvangst niet op tijd bevestigt, of nog niet besloten heeft kort voor de eigen termijn.',
  'controller-escalation': 'Als de verwerkingsverantwoordelijke na de herinneringen nog steeds niet reageert.',
  'agent-digest': 'Elke werkdag om 06:30, aan medewerkers met een e-mailadres, als er verzoeken zijn die aandacht vragen.',
  'processor-escalation': 'Als een verwerkingsverantwoordelijke na de herinneringen niet reageert: aan ons eigen privacyadres.',
  'instruction-concern': 'Als een medewerker bezwaar maakt tegen een instructie van de verwerkingsverantwoordelijke, omdat die mogelijk in strijd is met de wet.',
  'instruction-completed': 'Als een medewerker de instructie van de verwerkingsverantwoordelijke heeft uitgevoerd: aan die verwerkingsverantwoordelijke.',
  'instruction-completed-notice':
    'Als de instructie van de verwerkingsverantwoordelijke is uitgevoerd: aan de verzoeker, alleen als de verwerkingsverantwoordelijke dat heeft toegestaan.',
  'processor-incident': 'Als een medewerker meldt dat een verzoek naar de verkeerde verwerkingsverantwoordelijke ging: aan ons eigen privacyadres.',
  'breach-notice':
    'Als de privacyfunctionaris een verkeerd verstuurd verzoek beoordeelt als inbreuk op gegevens van een verwerkingsverantwoordelijke: aan die verwerkingsverantwoordelijke (art. 33 lid 2 AVG).',
  'deletion-request':
    'Als een medewerker meldt dat een verzoek naar de verkeerde verwerkingsverantwoordelijke ging en de e-mail al verstuurd was: aan die ontvanger, met het verzoek de gegevens te verwijderen en dat via een link te bevestigen.',
  'draft-access': 'Niet verstuurd: de verwerkingsverantwoordelijke downloadt deze conceptbrief zelf via de persoonlijke link.',
  'draft-refusal': 'Niet verstuurd: de verwerkingsverantwoordelijke downloadt deze conceptbrief zelf via de persoonlijke link.',
};

/** The moment a letter goes out, in plain Dutch. */
export function letterMoment(entry: { id: string; sentBy: string }): string {
  return LETTER_MOMENTS[entry.id] ?? entry.sentBy;
}

/** Event codes or internal state words a person should not read ("REQUEST_INFO", "not-ours"). */
export function hasInternalCode(text: string): boolean {
  return /\b[A-Z]{2,}_[A-Z_]+\b|\b[A-Z]{5,}\b|\bnot-ours\b|\bin-house\b|\/[cv]\//.test(text);
}
