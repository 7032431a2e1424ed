/**
 * Personal links (controller links /c/<token>, e-mail confirmation /v/<token>): 32 random bytes
 * base64url, only the SHA-256 stored, an expiry, a form token tied to the link, and the clear
 * token scrubbed from a mail once it was sent. Pure; no I/O, no clock.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomToken, sha256Hex } from './crypto.js';

/** The marker that replaces a token in a sent message (no live token stays in the database). */
export const REDACTED_TOKEN = '[verwijderd]';

export interface TokenLink {
  /** The clear token: only in the mail (and its outbox row until sent), never stored otherwise. */
  token: string;
  digest: string;
  url: string;
  expiresAt: Date;
}

/** A new link `${publicBaseUrl}/${prefix}/<token>`, valid `validityMs` from `now`. */
export function newTokenLink(publicBaseUrl: string, prefix: string, now: Date, validityMs: number): TokenLink {
  const token = randomToken(32);
  return {
    token,
    digest: sha256Hex(token),
    url: `${publicBaseUrl.replace(/\/+$/, '')}/${prefix}/${token}`,
    expiresAt: new Date(now.getTime() + validityMs),
  };
}

/** A token as it may appear in a path: 43 base64url characters (anything else is unknown). */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** The form token of a link: HMAC of the link's digest, so a form only works with its own link. */
export function csrfFor(key: Buffer, tokenDigest: string, purpose = 'controller-link'): string {
  return createHmac('sha256', key).update(`${purpose}:${tokenDigest}`).digest('base64url');
}

export function csrfMatches(key: Buffer, tokenDigest: string, given: unknown, purpose = 'controller-link'): boolean {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(csrfFor(key, tokenDigest, purpose));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Replaces the token of a link in a stored text. */
export function redact(text: string | null, token: string): string | null {
  return text === null ? null : text.split(token).join(REDACTED_TOKEN);
}

/** The token inside a personal link `…/c/<token>` or `…/v/<token>`, if any. */
export function tokenOfLink(link: unknown): string | undefined {
  if (typeof link !== 'string') return undefined;
  const m = /\/[cvd]\/([A-Za-z0-9_-]{43})$/.exec(link);
  return m?.[1];
}

/** Security headers of the pages behind a personal link. */
export const LINK_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export function linkPageHeaders(res: { setHeader(name: string, value: string): unknown }): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', LINK_PAGE_CSP);
}

/** The Dutch error pages of a personal link (they reveal nothing about the link). */
export const LINK_GONE_PAGES: Readonly<Record<number, { title: string; heading: string; text: string }>> = {
  404: { title: 'Link niet gevonden', heading: 'Deze link werkt niet', text: 'Deze link is onbekend of niet meer geldig. Gebruik de link uit de laatste e-mail die u van ons kreeg, of neem contact op met de afzender van die e-mail.' },
  410: { title: 'Link verlopen', heading: 'Deze link is verlopen', text: 'Deze link is niet meer geldig. Neem contact op met de afzender van de e-mail als u nog iets over dit verzoek wilt doorgeven.' },
  403: { title: 'Formulier verlopen', heading: 'Dit formulier is niet meer geldig', text: 'Open de link uit de e-mail opnieuw en probeer het nog eens.' },
  429: { title: 'Te veel pogingen', heading: 'Te veel pogingen', text: 'Er zijn in korte tijd te veel pogingen gedaan vanaf uw adres. Probeer het over een minuut opnieuw.' },
};

/**
 * The same pages in French and English, shown under the Dutch text: a link that does not work
 * says nothing of whose it was, so nothing tells the reader's language.
 */
export const LINK_GONE_TRANSLATIONS: Readonly<Record<number, readonly { lang: string; heading: string; text: string }[]>> = {
  404: [
    { lang: 'fr', heading: 'Ce lien ne fonctionne pas', text: "Ce lien est inconnu ou n'est plus valable. Utilisez le lien du dernier e-mail que vous avez reçu de notre part, ou contactez l'expéditeur de cet e-mail." },
    { lang: 'en', heading: 'This link does not work', text: 'This link is unknown or no longer valid. Use the link from the last email you received from us, or contact the sender of that email.' },
  ],
  410: [
    { lang: 'fr', heading: 'Ce lien a expiré', text: "Ce lien n'est plus valable. Contactez l'expéditeur de l'e-mail si vous souhaitez encore communiquer quelque chose au sujet de cette demande." },
    { lang: 'en', heading: 'This link has expired', text: 'This link is no longer valid. Contact the sender of the email if you still want to tell us something about this request.' },
  ],
  403: [
    { lang: 'fr', heading: "Ce formulaire n'est plus valable", text: "Ouvrez à nouveau le lien de l'e-mail et réessayez." },
    { lang: 'en', heading: 'This form is no longer valid', text: 'Open the link from the email again and try once more.' },
  ],
  429: [
    { lang: 'fr', heading: 'Trop de tentatives', text: "Trop de tentatives ont été faites en peu de temps depuis votre adresse. Réessayez dans une minute." },
    { lang: 'en', heading: 'Too many attempts', text: 'Too many attempts were made from your address in a short time. Try again in a minute.' },
  ],
};
