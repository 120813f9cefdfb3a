/**
 * What QR codes about a resident's business hold, said once for the printed slip (the agent) and
 * the screen (the kiosk), so one code means one thing to staff's scanners. Pure code without
 * schemas, so the kiosk imports it (`@bianmin/contract/qr-payloads`) without pulling TypeBox and
 * every schema into its script.
 */

/**
 * An application's code: a tag, the terminal and the reference, nothing about the resident;
 * staff look the application up by its reference (the slip and the screen say so in words).
 */
export function applicationQrPayload(terminalId: string, reference: string): string {
  return `BMA1|${terminalId}|${reference}`;
}
