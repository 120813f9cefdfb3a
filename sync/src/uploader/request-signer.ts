import { SERVER_TIME_HEADER } from '@bianmin/contract';
import type { TerminalCredentials } from '../terminal-identity/index.js';

/** Signs each request and learns the centre's clock from each reply (docs/protocol.md). */
export interface RequestSigner {
  headers(method: string, path: string, body: Uint8Array): Record<string, string>;
  /** Reads the centre's time off a reply; true if the learned offset changed a lot. */
  observe(header: (name: string) => string | null): boolean;
}

/** An offset change smaller than this is network delay, not a clock that moved. */
const NOTABLE_CHANGE_MS = 1000;

export function createRequestSigner(credentials: TerminalCredentials): RequestSigner {
  return {
    headers: (method, path, body) => credentials.sign(method, path, body),
    observe(header) {
      const text = header(SERVER_TIME_HEADER);
      if (text === null || !/^\d{1,15}$/.test(text)) return false;
      const before = credentials.clockOffsetMs();
      credentials.noteServerTime(Number(text));
      return Math.abs(credentials.clockOffsetMs() - before) >= NOTABLE_CHANGE_MS;
    },
  };
}
