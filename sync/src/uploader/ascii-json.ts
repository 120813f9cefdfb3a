/** Every character a JSON text may carry as itself but which UTF-8 spends 2-4 bytes on. */
const NON_ASCII = /[\u0080-\uffff]/g;

const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The value's JSON with every non-ASCII character written as a `\u` escape: what the uploader
 * sends. Any JSON text is valid for the centre; an ASCII one is decoded there in a fraction of
 * the time a UTF-8 one takes (Chinese service names are in most events), for ~6 % more bytes
 * (docs/benchmarks.md, "Ninth round: SQLite ingest"). A character outside the BMP becomes
 * the two escapes of its surrogate pair, as JSON writes it.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(NON_ASCII, escaped);
}

/** asciiJson's text as the body's bytes (one byte a character: it is all ASCII). */
export function asciiJsonBytes(value: unknown): Buffer {
  return Buffer.from(asciiJson(value), 'latin1');
}
