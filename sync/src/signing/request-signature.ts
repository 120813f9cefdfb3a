import { createHash, randomBytes } from 'node:crypto';
import { SIGNATURE_HEADERS, canonicalRequest } from '@bianmin/contract';
import type { SignatureScheme } from './signature-scheme.js';

/** Lower-case hex SHA-256 of the exact body bytes. */
export function bodySha256(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** 16 random bytes, base64url: 22 characters. */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export interface RequestToSign {
  method: string;
  path: string;
  body: Uint8Array;
  terminalId: string;
  timeMs: number;
  nonce: string;
}

/** The four signature headers of a request (docs/protocol.md, "Signed requests"). */
export function signatureHeaders(
  scheme: SignatureScheme,
  privateKey: string,
  request: RequestToSign,
): Record<string, string> {
  const text = canonicalRequest({
    method: request.method,
    path: request.path,
    terminalId: request.terminalId,
    timeMs: request.timeMs,
    nonce: request.nonce,
    bodySha256: bodySha256(request.body),
  });
  return {
    [SIGNATURE_HEADERS.terminal]: request.terminalId,
    [SIGNATURE_HEADERS.time]: String(request.timeMs),
    [SIGNATURE_HEADERS.nonce]: request.nonce,
    [SIGNATURE_HEADERS.signature]: scheme.sign(privateKey, Buffer.from(text, 'utf8')),
  };
}
