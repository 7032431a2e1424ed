import { COUNTRIES, type Country } from './countries.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DDTHH:mm:ss` wall-clock time in the country's legal zone (no offset). */
export function localDateTime(instant: Date, country: Country): string {
  const zone = COUNTRIES[country].timeZone;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f.format(instant).replace(' ', 'T');
}
