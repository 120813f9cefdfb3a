import { err, ok, type Result } from '@bianmin/common';
import {
  NONCE_PATTERN,
  SIGNATURE_HEADERS,
  SIGNATURE_PATTERN,
  TIME_HEADER_PATTERN,
} from '@bianmin/contract';
import type { FastifyRequest } from 'fastify';
import type { Refusal } from './refusal.js';

export interface SignedHeaders {
  terminalId: string;
  timeMs: number;
  nonce: string;
  signature: string;
}

const TERMINAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const FORMATS: Record<keyof SignedHeaders, { pattern: RegExp; expected: string }> = {
  terminalId: { pattern: TERMINAL_ID, expected: 'the terminal id' },
  timeMs: { pattern: new RegExp(TIME_HEADER_PATTERN), expected: 'Unix time in milliseconds' },
  nonce: { pattern: new RegExp(NONCE_PATTERN), expected: '16 to 64 base64url characters' },
  signature: { pattern: new RegExp(SIGNATURE_PATTERN), expected: 'standard base64' },
};
const HEADER_OF: Record<keyof SignedHeaders, string> = {
  terminalId: SIGNATURE_HEADERS.terminal,
  timeMs: SIGNATURE_HEADERS.time,
  nonce: SIGNATURE_HEADERS.nonce,
  signature: SIGNATURE_HEADERS.signature,
};

/** Reads the four signature headers; a missing or malformed one is named. */
export function readSignedHeaders(request: FastifyRequest): Result<SignedHeaders, Refusal> {
  const values: Partial<Record<keyof SignedHeaders, string>> = {};
  for (const field of Object.keys(HEADER_OF) as (keyof SignedHeaders)[]) {
    const header = HEADER_OF[field];
    const value = request.headers[header];
    if (value === undefined) {
      return err({
        reason: 'signature-missing',
        message: `the request is not signed: header ${header} is missing (docs/protocol.md, "Signed requests")`,
        where: header,
      });
    }
    if (typeof value !== 'string' || !FORMATS[field].pattern.test(value)) {
      return err({
        reason: 'signature-malformed',
        message: `header ${header} must be ${FORMATS[field].expected}, once`,
        where: header,
      });
    }
    values[field] = value;
  }
  return ok({
    terminalId: values.terminalId!,
    timeMs: Number(values.timeMs),
    nonce: values.nonce!,
    signature: values.signature!,
  });
}
