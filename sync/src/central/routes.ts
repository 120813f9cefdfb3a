import type { EventLogger } from '@bianmin/common';
import type { FastifyInstance } from 'fastify';
import {
  EVENTS_PATH,
  HEARTBEAT_PATH,
  eventBatchReplySchema,
  eventBatchSchema,
  heartbeatReplySchema,
  heartbeatSchema,
  type ErrorReply,
  type EventBatch,
  type EventBatchReply,
  type HeartbeatBody,
  type HeartbeatReply,
} from '../protocol.js';
import { renderDashboardPage } from './dashboard-page.js';
import type { IngestOutcome } from './ingest.js';
import type { TerminalOverview } from './terminal-overview.js';

export interface CentralRouteDeps {
  ingest: (batch: EventBatch, receivedAt: Date) => IngestOutcome;
  recordHeartbeat: (body: HeartbeatBody, receivedAt: Date) => void;
  overview: (now: Date, timeZone: string) => TerminalOverview[];
  now: () => Date;
  timeZone: string;
  logger: EventLogger | undefined;
}

const errorReplySchema = {
  type: 'object',
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

// The page has no scripts; this keeps it that way even if escaping were ever missed.
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function registerCentralRoutes(app: FastifyInstance, deps: CentralRouteDeps): void {
  const { now, timeZone, logger } = deps;

  app.post<{ Body: EventBatch; Reply: EventBatchReply | ErrorReply }>(
    EVENTS_PATH,
    {
      schema: {
        body: eventBatchSchema,
        response: { 200: eventBatchReplySchema, 400: errorReplySchema },
      },
    },
    async (request) => {
      const outcome = deps.ingest(request.body, now());
      logger?.event('central.events-ingested', {
        terminalId: request.body.terminalId,
        received: request.body.events.length,
        ...outcome,
      });
      return { ackedUpTo: outcome.ackedUpTo };
    },
  );

  app.post<{ Body: HeartbeatBody; Reply: HeartbeatReply }>(
    HEARTBEAT_PATH,
    { schema: { body: heartbeatSchema, response: { 200: heartbeatReplySchema } } },
    async (request) => {
      // Presence uses only the centre's clock; the terminal's sentAt is just recorded.
      const receivedAt = now();
      deps.recordHeartbeat(request.body, receivedAt);
      return { serverTime: receivedAt.toISOString() };
    },
  );

  app.get('/api/v1/terminals', async () => deps.overview(now(), timeZone));

  app.get('/healthz', async () => ({ ok: true }));

  app.get('/', async (_request, reply) => {
    const at = now();
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', PAGE_CSP)
      .send(renderDashboardPage(deps.overview(at, timeZone), at, timeZone));
  });
}
