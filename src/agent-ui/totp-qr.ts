/** The QR code of a TOTP enrolment link, rendered on the server as an inline SVG (no script, no external image). */
import QRCode from 'qrcode';

export async function totpQrSvg(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 });
  return svg.replace('<svg ', '<svg role="img" aria-label="QR-code: scan deze met uw authenticator-app om de sleutel toe te voegen" ');
}
