import type { EventLogger } from '@bianmin/common';
import {
  EVENTS_PATH,
  ErrorReplySchema,
  EventBatchReplySchema,
  EventBatchSchema,
  HEARTBEAT_PATH,
  HeartbeatReplySchema,
  HeartbeatSchema,
  MAX_CONFLICTING_SEQS,
  SequenceConflictReplySchema,
  SignedRequestHeadersSchema,
  TERMINALS_PATH,
  TerminalListSchema,
  type CoverageReport,
  type EventBatch,
  type HeartbeatBody,
  type TerminalOverview,
} from '@bianmin/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { renderDashboardPage } from './dashboard-page.js';
import type { EventStore } from './event-store.js';
import type { SignedRouteHooks } from './trust/signed-routes.js';

export interface CentralRouteDeps {
  events: EventStore;
  recordHeartbeat: (body: HeartbeatBody, receivedAt: Date) => Promise<void>;
  overview: (now: Date, timeZone: string) => Promise<TerminalOverview[]>;
  /** Admit only requests signed by the enrolled terminal the body names. */
  signed: SignedRouteHooks;
  /** Idempotent, so it runs before ingest: a crash in between loses nothing. */
  recordServiceTime: (batch: EventBatch, receivedAt: Date) => Promise<void>;
  /** The coverage indicator of each configured region, for the page. */
  coverageSummary: () => Promise<CoverageReport[]>;
  /** Records the configuration version the terminal runs; the newest one it could fetch. */
  configAvailable?: (
    terminalId: string,
    running: number | undefined,
    receivedAt: Date,
  ) => Promise<{ version: number } | undefined>;
  now: () => Date;
  timeZone: string;
  logger: EventLogger | undefined;
}

// The page has no scripts; this keeps it that way even if escaping were ever missed.
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function registerCentralRoutes(server: FastifyInstance, deps: CentralRouteDeps): void {
  const { now, timeZone, logger } = deps;
  const app = server.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    EVENTS_PATH,
    {
      onRequest: deps.signed.onRequest,
      preValidation: deps.signed.preValidation,
      preHandler: deps.signed.preHandler,
      schema: {
        headers: SignedRequestHeadersSchema,
        body: EventBatchSchema,
        response: {
          200: EventBatchReplySchema,
          400: ErrorReplySchema,
          401: ErrorReplySchema,
          403: ErrorReplySchema,
          409: SequenceConflictReplySchema,
        },
      },
    },
    async (request, reply) => {
      const { terminalId } = request.body;
      const receivedAt = now();
      await deps.recordServiceTime(request.body, receivedAt);
      // The new events of the batch are stored (and committed) even when some conflict.
      const { conflictingSeqs, lost, epoch, ...counts } = await deps.events.ingest(
        request.body,
        receivedAt,
      );
      logger?.event('central.events-ingested', {
        terminalId,
        epoch,
        received: request.body.events.length,
        ...counts,
      });
      if (lost > 0) logger?.event('central.events-lost', { terminalId, epoch, lost });
      if (counts.conflicts === 0) return { epoch, ackedUpTo: counts.ackedUpTo };
      // 409, never 200: a 2xx would let the terminal mark the conflicting events delivered
      // although the centre stored nothing for them. ackedUpTo stops before the first
      // conflict because the terminal deletes everything up to its ack: the conflicting
      // events, and all after them, must stay on it until an operator resolves the clash.
      logger?.event('central.request-rejected', {
        route: EVENTS_PATH,
        reason: 'sequence-conflict',
        terminalId,
        conflicts: counts.conflicts,
      });
      return reply.code(409).send({
        error: 'sequence-conflict',
        message: sequenceConflictMessage(terminalId, conflictingSeqs),
        ackedUpTo: counts.ackedUpTo,
        conflictingSeqs: conflictingSeqs.slice(0, MAX_CONFLICTING_SEQS),
      });
    },
  );

  app.post(
    HEARTBEAT_PATH,
    {
      onRequest: deps.signed.onRequest,
      preValidation: deps.signed.preValidation,
      preHandler: deps.signed.preHandler,
      schema: {
        headers: SignedRequestHeadersSchema,
        body: HeartbeatSchema,
        response: {
          200: HeartbeatReplySchema,
          400: ErrorReplySchema,
          401: ErrorReplySchema,
          403: ErrorReplySchema,
        },
      },
    },
    async (request) => {
      // Presence uses only the centre's clock; the terminal's sentAt is just recorded.
      const receivedAt = now();
      const { terminalId, outboxEpoch, configVersion } = request.body;
      // Side by side, so that the heartbeat's writes join one group commit (group-commit.ts).
      const [, config, delivery] = await Promise.all([
        deps.recordHeartbeat(request.body, receivedAt),
        deps.configAvailable?.(terminalId, configVersion, receivedAt),
        outboxEpoch === undefined ? undefined : deps.events.position(terminalId, outboxEpoch),
      ]);
      return {
        serverTime: receivedAt.toISOString(),
        ...(delivery !== undefined && { delivery }),
        ...(config !== undefined && { config }),
      };
    },
  );

  app.get(TERMINALS_PATH, { schema: { response: { 200: TerminalListSchema } } }, async () =>
    deps.overview(now(), timeZone),
  );

  app.get('/healthz', async () => ({ ok: true }));

  app.get('/', async (_request, reply) => {
    const at = now();
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', PAGE_CSP)
      .send(
        renderDashboardPage(await deps.overview(at, timeZone), at, timeZone, {
          coverage: await deps.coverageSummary(),
        }),
      );
  });
}

function sequenceConflictMessage(terminalId: string, seqs: number[]): string {
  const listed = seqs.slice(0, MAX_CONFLICTING_SEQS);
  const more = seqs.length > listed.length ? ` and ${seqs.length - listed.length} more` : '';
  const which = seqs.length === 1 ? `seq ${seqs[0]}` : `seqs ${listed.join(', ')}${more}`;
  return (
    `terminal ${terminalId} sent ${which}, which the centre already holds with different ` +
    `content: the terminal's outbox sequence restarted (its database was reset or restored). ` +
    `These events were not stored or acknowledged and stay on the terminal until an operator ` +
    `resolves the conflict.`
  );
}
