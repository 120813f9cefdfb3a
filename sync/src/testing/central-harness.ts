import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import type { EventLogger } from '@bianmin/common';
import type { ConfigKey, TerminalIdentity } from '@bianmin/contract';
import { createConfigSigner, generateConfigKey } from '../central/config-releases/index.js';
import type { ServerLimits } from '@bianmin/contract/server';
import { buildCentralServer } from '../central/server.js';
import type { CentralStores } from '../central/storage/central-stores.js';
import { openTestStores, type TestStorage } from './test-stores.js';
import {
  enrolmentTokenSha256,
  newEnrolmentToken,
  type TerminalRegistry,
  type TrustOptions,
} from '../central/trust/index.js';
import type { TerminalCredentials } from '../terminal-identity/index.js';
import { enrolInMemory, signedFetch } from './enrol.js';
import { snapshot } from './fixtures.js';

export interface CentralHarness {
  url: string;
  server: FastifyInstance;
  /** The SQLite file's connection; throws on a PostgreSQL harness. */
  db: Database.Database;
  stores: CentralStores;
  /** Rows of a query written in SQL both databases read (TestStores.rows). */
  rows<T>(sql: string): Promise<T[]>;
  registry: TerminalRegistry;
  /** The administrator token the harness's centre accepts. */
  adminToken: string;
  /** The key the centre signs configuration documents with (docs/remote-config.md). */
  configKey: ConfigKey;
  /** Moves the centre's clock (and the clock harness-enrolled terminals sign with). */
  setNow(at: string): void;
  /** Creates the terminal at the centre and returns its first enrolment token. */
  createTerminal(terminalId: string, options?: TokenOptions): Promise<string>;
  /**
   * Creates and enrols a terminal in one call: a fresh key in memory, enrolled through the
   * real enrolment route. Its credentials sign by the centre's (harness) clock.
   */
  enrolTerminal(terminalId: string): Promise<TerminalCredentials>;
  /**
   * POSTs a body signed by the terminal its terminalId names (enrolled on first use), or
   * by the default terminal when the body names none. Strings are sent as they are.
   */
  post(path: string, body: unknown, contentType?: string): Promise<Response>;
  /** POSTs with no signature headers at all. */
  postUnsigned(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string): Promise<Response>;
  close(): Promise<void>;
}

interface TokenOptions {
  terminal?: TerminalIdentity;
  /** When the token stops working (default: 72 h after the harness's now). */
  expiresAt?: string;
}

/** Enrolled when the harness starts: the fixtures' usual terminal. */
const HARNESS_TERMINAL = 'xz-xfl-001';

/**
 * A real centre listening on 127.0.0.1 (port 0 unless given), on a real SQLite file or, with
 * `storage: 'postgres'`, on a new database of the test PostgreSQL cluster.
 */
export async function startCentralHarness(
  options: {
    port?: number;
    dir?: string;
    logger?: EventLogger;
    now?: string;
    limits?: ServerLimits;
    trust?: TrustOptions;
    storage?: TestStorage;
  } = {},
): Promise<CentralHarness> {
  const opened = await openTestStores(options.storage ?? 'sqlite', options.dir);
  const { stores } = opened;
  let now = new Date(options.now ?? '2026-03-02T02:00:00.000Z');
  const adminToken = options.trust?.adminToken ?? newEnrolmentToken();
  const configSigner = createConfigSigner(generateConfigKey());
  if (!configSigner.ok) throw new Error(configSigner.error);
  const server = buildCentralServer({
    stores,
    configSigner: configSigner.value,
    now: () => now,
    ...(options.logger && { logger: options.logger }),
    ...(options.limits && { limits: options.limits }),
    trust: { ...options.trust, adminToken },
  });
  const url = await server.listen({ port: options.port ?? 0, host: '127.0.0.1' });
  const { registry } = stores;
  const enrolled = new Map<string, TerminalCredentials>();

  const createTerminal = async (terminalId: string, token: TokenOptions = {}) => {
    const text = newEnrolmentToken();
    const issued = {
      sha256: enrolmentTokenSha256(text),
      issuedAt: now,
      expiresAt: new Date(token.expiresAt ?? now.getTime() + 72 * 3_600_000),
    };
    const existing = await registry.get(terminalId);
    const done = existing
      ? await registry.issueToken(terminalId, issued)
      : await registry.create(terminalId, token.terminal ?? snapshot().terminal, issued);
    if (!done.ok) throw new Error(`cannot create ${terminalId}: ${done.error}`);
    return text;
  };

  const enrolTerminal = async (terminalId: string) => {
    const credentials = await enrolInMemory({
      centreUrl: url,
      terminalId,
      token: await createTerminal(terminalId),
      now: () => now,
    });
    enrolled.set(terminalId, credentials);
    return credentials;
  };

  const signerFor = async (body: unknown) => {
    const named =
      typeof body === 'object' && body !== null && 'terminalId' in body
        ? body.terminalId
        : undefined;
    const terminalId = typeof named === 'string' ? named : HARNESS_TERMINAL;
    return enrolled.get(terminalId) ?? (await enrolTerminal(terminalId));
  };

  await enrolTerminal(HARNESS_TERMINAL);

  return {
    url,
    server,
    get db() {
      if (opened.db === undefined) throw new Error('a PostgreSQL harness has no SQLite file');
      return opened.db;
    },
    stores,
    rows: (sql) => opened.rows(sql),
    registry,
    adminToken,
    configKey: configSigner.value.key,
    setNow: (at) => {
      now = new Date(at);
    },
    createTerminal,
    enrolTerminal,
    async post(path, body, contentType = 'application/json') {
      const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      return signedFetch(url, path, await signerFor(body), bytes, contentType);
    },
    postUnsigned: (path, body, headers = {}) =>
      fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path) => fetch(url + path),
    async close() {
      await server.close();
      await opened.close();
    },
  };
}
