import type Database from 'better-sqlite3';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ENROL_PATH, type TerminalIdentity } from '@bianmin/contract';
import {
  createSqliteTerminalRegistry,
  enrolmentTokenSha256,
  newEnrolmentToken,
  type TerminalRegistry,
} from '../central/trust/index.js';
import { snapshot } from './fixtures.js';
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

/**
 * For tests that drive a centre with Fastify's inject rather than a port: creates the
 * terminal in the centre's registry (as an administrator would) and enrols it through the
 * real enrolment route. Returns a function that POSTs signed JSON as that terminal.
 */
export async function enrolByInject(options: {
  app: FastifyInstance;
  /** The centre's SQLite file, or its registry on either database. */
  db?: Database.Database;
  registry?: TerminalRegistry;
  terminalId: string;
  now: () => Date;
  /** As the administrator registers it (default: the fixtures' terminal). */
  terminal?: TerminalIdentity;
}): Promise<(path: string, body: unknown) => Promise<LightMyRequestResponse>> {
  const { app, terminalId, now } = options;
  const token = newEnrolmentToken();
  const created = await (options.registry ?? createSqliteTerminalRegistry(options.db!)).create(
    terminalId,
    options.terminal ?? snapshot().terminal,
    {
      sha256: enrolmentTokenSha256(token),
      issuedAt: now(),
      expiresAt: new Date(now().getTime() + 3_600_000),
    },
  );
  if (!created.ok) throw new Error(`cannot create ${terminalId}: ${created.error}`);
  const loaded = loadTerminalCredentials({
    terminalId,
    store: memoryKeyStore(),
    enrolmentToken: token,
    now,
  });
  if (!loaded.ok) throw new Error(loaded.error.detail);
  const credentials = loaded.value;
  const post = (path: string, body: unknown) => {
    const bytes = Buffer.from(JSON.stringify(body));
    return app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/json', ...credentials.sign('POST', path, bytes) },
      payload: bytes,
    });
  };
  const enrolled = await post(ENROL_PATH, credentials.enrolmentDue());
  const reply = enrolled.json<{ enrolledAt?: string }>();
  if (enrolled.statusCode !== 200 || reply.enrolledAt === undefined) {
    throw new Error(`enrolment of ${terminalId} failed: ${enrolled.statusCode} ${enrolled.body}`);
  }
  const marked = credentials.markEnrolled(reply.enrolledAt);
  if (!marked.ok) throw new Error(marked.error.detail);
  return post;
}
