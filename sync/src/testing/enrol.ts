import { ENROL_PATH } from '@bianmin/contract';
import {
  loadTerminalCredentials,
  memoryKeyStore,
  type TerminalCredentials,
} from '../terminal-identity/index.js';

/** Signs and POSTs exact bytes as `credentials`' terminal. */
export function signedFetch(
  url: string,
  path: string,
  credentials: TerminalCredentials,
  body: Buffer,
  contentType = 'application/json',
): Promise<Response> {
  return fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': contentType, ...credentials.sign('POST', path, body) },
    body,
  });
}

/**
 * Enrols a terminal with a fresh key kept in memory, through the centre's real enrolment
 * route, and returns credentials that sign as it.
 */
export async function enrolInMemory(options: {
  centreUrl: string;
  terminalId: string;
  token: string;
  now?: () => Date;
}): Promise<TerminalCredentials> {
  const loaded = loadTerminalCredentials({
    terminalId: options.terminalId,
    store: memoryKeyStore(),
    enrolmentToken: options.token,
    ...(options.now && { now: options.now }),
  });
  if (!loaded.ok) throw new Error(loaded.error.detail);
  const credentials = loaded.value;
  const bytes = Buffer.from(JSON.stringify(credentials.enrolmentDue()));
  const res = await signedFetch(options.centreUrl, ENROL_PATH, credentials, bytes);
  const reply = (await res.json()) as { enrolledAt?: string; message?: string };
  if (res.status !== 200 || reply.enrolledAt === undefined) {
    throw new Error(`enrolment of ${options.terminalId} failed: ${res.status} ${reply.message}`);
  }
  const marked = credentials.markEnrolled(reply.enrolledAt);
  if (!marked.ok) throw new Error(marked.error.detail);
  return credentials;
}
