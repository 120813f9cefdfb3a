/** Why a request to the centre did not succeed. Expected, so returned rather than thrown. */
export type UploadError =
  | { kind: 'network'; detail: string }
  | {
      kind: 'http';
      status: number;
      detail: string;
      /** From Retry-After on 429/503: the centre asked us to wait at least this long. */
      retryAfterMs?: number;
    }
  | { kind: 'bad-response'; detail: string };

/** Flat log fields for an UploadError; details never contain event payloads. */
export function uploadErrorFields(error: UploadError): Record<string, string | number> {
  return error.kind === 'http'
    ? { kind: error.kind, status: error.status, detail: error.detail }
    : { kind: error.kind, detail: error.detail };
}
