/** Personal data out of log lines: e-mail addresses, phone numbers, card numbers, IBANs. */
export function redact(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '[email]')
    .replace(/\b(?:\d[ -]?){13,19}\b/g, '[card]')
    .replace(/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b/g, '[iban]')
    .replace(/(?<![\w])\+?\d[\d\s().-]{7,}\d/g, '[phone]');
}
