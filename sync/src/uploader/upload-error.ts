/** Why a request to the centre did not succeed. Expected, so returned rather than thrown. */
export type UploadError =
  | { kind: 'network'; detail: string }
  | {
      kind: 'http';
      status: number;
      detail: string;
      /** The centre's reason code (`error` of its reply), e.g. clock-skew or terminal-revoked. */
      code?: string;
      /** From Retry-After on 429/503: the centre asked us to wait at least this long. */
      retryAfterMs?: number;
    }
  | { kind: 'bad-response'; detail: string };

/** Flat log fields for an UploadError; details never contain event payloads. */
export function uploadErrorFields(error: UploadError): Record<string, string | number> {
  if (error.kind !== 'http') return { kind: error.kind, detail: error.detail };
  return {
    kind: error.kind,
    status: error.status,
    detail: error.detail,
    ...(error.code !== undefined && { code: error.code }),
  };
}

/** How long the centre asked us to wait before the next request (Retry-After), if it did. */
export function retryAfterOf(error: UploadError | undefined): number | undefined {
  return error?.kind === 'http' ? error.retryAfterMs : undefined;
}
