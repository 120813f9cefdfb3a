import { createHash } from 'node:crypto';
import { err, ok, type Result } from '@bianmin/common';
import type { EnrolmentRequest } from '@bianmin/contract';
import {
  ed25519,
  newNonce,
  signatureHeaders,
  signatureScheme,
  type SignatureScheme,
} from '../signing/index.js';
import type { KeyStore, KeyStoreError, StoredKey } from './key-store.js';

export type CredentialsState = 'enrolled' | 'awaiting-enrolment' | 'no-token';

/** What the uploader signs with: the terminal's key and its view of the centre's clock. */
export interface TerminalCredentials {
  readonly terminalId: string;
  state(): CredentialsState;
  /** The enrolment request to send before anything else, while one is due. */
  enrolmentDue(): EnrolmentRequest | undefined;
  /** Records the centre's acceptance; in memory at once, in the key store if it can. */
  markEnrolled(enrolledAt: string): Result<void, KeyStoreError>;
  /** The signature headers of a request, signed now by the centre's clock as learned. */
  sign(method: string, path: string, body: Uint8Array): Record<string, string>;
  /** Learns the centre's clock from a reply just received (docs/protocol.md, "Clocks"). */
  noteServerTime(serverTimeMs: number): void;
  /** centre clock - terminal clock, as last learned (0 until a reply says otherwise). */
  clockOffsetMs(): number;
}

export interface CredentialsOptions {
  terminalId: string;
  store: KeyStore;
  /** A one-time token from the administrator: enrol with a new key unless already done. */
  enrolmentToken?: string | undefined;
  scheme?: SignatureScheme;
  now?: () => Date;
  /** Called once enrolment succeeded, e.g. to remove the token file. */
  onEnrolled?: () => void;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Loads the terminal's key, or makes a new one when the administrator gave a token it was
 * not made for (first enrolment, or re-enrolment after a revocation).
 */
export function loadTerminalCredentials(
  options: CredentialsOptions,
): Result<TerminalCredentials, KeyStoreError> {
  const { terminalId, store, enrolmentToken } = options;
  const now = options.now ?? (() => new Date());
  const read = store.read();
  if (!read.ok) return read;
  // A key made for another terminal id (the configuration changed) is not this terminal's.
  let key = read.value?.terminalId === terminalId ? read.value : undefined;
  const tokenSha256 = enrolmentToken === undefined ? null : sha256(enrolmentToken);
  if (tokenSha256 !== null && key?.tokenSha256 !== tokenSha256) {
    const scheme = options.scheme ?? ed25519;
    key = {
      version: 1,
      terminalId,
      algorithm: scheme.name,
      ...scheme.generate(),
      tokenSha256,
      enrolledAt: null,
    };
    const written = store.write(key);
    if (!written.ok) return written;
  }
  const scheme = key && signatureScheme(key.algorithm);
  if (key !== undefined && scheme === undefined) {
    return err({ kind: 'key-file', detail: `the key's algorithm ${key.algorithm} is unknown` });
  }
  let current: StoredKey | undefined = key;
  let offsetMs = 0;

  return ok({
    terminalId,
    state: () =>
      current?.enrolledAt != null
        ? 'enrolled'
        : current !== undefined && enrolmentToken !== undefined
          ? 'awaiting-enrolment'
          : 'no-token',
    enrolmentDue() {
      if (current === undefined || current.enrolledAt !== null || enrolmentToken === undefined) {
        return undefined;
      }
      return {
        terminalId,
        token: enrolmentToken,
        algorithm: current.algorithm,
        publicKey: current.publicKey,
      };
    },
    markEnrolled(enrolledAt) {
      if (current === undefined) return ok(undefined);
      // Enrolled from now on even if the file cannot be written (a full disk): the next
      // start then enrols again with the same key and token, which the centre accepts.
      current = { ...current, enrolledAt };
      const written = store.write(current);
      if (written.ok) options.onEnrolled?.();
      return written;
    },
    sign(method, path, body) {
      // Without any key the request goes out unsigned and the centre says so.
      if (current === undefined || scheme === undefined) return {};
      return signatureHeaders(scheme, current.privateKey, {
        method,
        path,
        body,
        terminalId,
        timeMs: now().getTime() + offsetMs,
        nonce: newNonce(),
      });
    },
    noteServerTime(serverTimeMs) {
      offsetMs = serverTimeMs - now().getTime();
    },
    clockOffsetMs: () => offsetMs,
  });
}
