import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { SOFTWARE_VERSION, type EventLogger } from '@bianmin/common';
import {
  AGENT_API_PREFIX,
  AGENT_HEALTH_PATH,
  AgentHealthSchema,
  type AgentHealth,
  type ReportedDeviceStates,
} from '@bianmin/contract';
import {
  AJV_OPTIONS,
  installErrorReplies,
  notFoundReply,
  registerApiDocs,
  serverLimitOptions,
  type ServerLimits,
} from '@bianmin/contract/server';
import { registerApplicationRoutes, type ApplicationRouteDeps } from '../api/application-routes.js';
import { registerCounterRoutes, type CounterRouteDeps } from '../api/counter-routes.js';
import { isDisplayStream } from '../api/event-stream.js';
import { registerGuideRoutes, type GuideRouteDeps } from '../api/guide-routes.js';
import { fromThisMachine, hallNetworkCheck } from '../api/hall-network.js';
import { registerKioskApp } from '../api/kiosk-app.js';
import { registerKioskRoutes, type KioskRouteDeps } from '../api/kiosk-routes.js';
import { schemasCompiledOnFirstUse } from '../api/lazy-schema-compilers.js';

/** A part of the agent with routes of its own under the API prefix. */
interface RoutedPart {
  register(api: FastifyInstance): void;
}

export interface AgentServerOptions {
  limits: ServerLimits | undefined;
  /** The API description is for developers and technicians, not on a production terminal. */
  apiDocs: boolean;
  logger: EventLogger;
  /** False while storage cannot take a ticket. */
  storageServes: () => boolean;
  deviceStates: () => ReportedDeviceStates;
  /** A resident is at the terminal (a session, or its rating, in progress). */
  residentBusy: () => boolean;
  kiosk: KioskRouteDeps;
  applications: ApplicationRouteDeps;
  guides: GuideRouteDeps;
  counters: CounterRouteDeps;
  /** The event stream, the technician screen and, on a development terminal, the dev routes. */
  parts: readonly RoutedPart[];
  /** The built kiosk UI the agent serves. */
  kioskDir: string | undefined;
}

/**
 * The resident's routes (card reads, tickets, applications, printed guides, the session), the
 * technician's and the development ones answer the kiosk on this machine only: an agent
 * listening on the hall's network (docs/counter.md) must not hand a card read's handle, the
 * reader or the printer to the counters' PCs or anyone else there. The one exception is the
 * event stream for displays (`?for=display`), which carries the queue's events only and goes
 * to the hall's networks as the hall's routes do.
 */
function thisTerminalOnly(counterNetworks: readonly string[], logger: EventLogger) {
  const fromHall = hallNetworkCheck(counterNetworks);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (fromThisMachine(request)) return;
    if (isDisplayStream(request) && fromHall(request)) return;
    logger.event('agent.request-refused', { reason: 'not-this-machine' });
    await reply.status(403).send({
      error: 'not-this-machine',
      message:
        "Only the kiosk on this terminal may use this; the hall's machines use the counter and hall routes (docs/counter.md).",
    });
  };
}

/** The agent's HTTP server: /healthz, the API under AGENT_API_PREFIX, and the kiosk's files. */
export async function createAgentServer(options: AgentServerOptions): Promise<FastifyInstance> {
  const { logger } = options;
  const server = Fastify({
    ...serverLimitOptions(options.limits),
    logger: false,
    ajv: { customOptions: AJV_OPTIONS },
    schemaController: schemasCompiledOnFirstUse(),
    bodyLimit: 64 * 1024,
  });
  installErrorReplies(server, {
    onRejected: ({ route, status, reason, field }) =>
      logger.event('agent.request-rejected', { route, status, reason, ...(field && { field }) }),
    onUnexpected: (error) =>
      logger.pino.error({ err: { type: error.name, message: error.message } }, 'unexpected error'),
  });
  if (options.apiDocs) {
    registerApiDocs(server, {
      title: 'Bianmin Kiosk device agent',
      description: 'What the kiosk page (and the development panel) call on the terminal.',
      version: SOFTWARE_VERSION,
    });
  }
  // A terminal whose storage cannot take a ticket is not healthy, whatever else works: a
  // supervisor or the centre's probe must not read 200 then (docs/architecture.md, Devices).
  server.get(
    AGENT_HEALTH_PATH,
    { schema: { response: { 200: AgentHealthSchema, 503: AgentHealthSchema } } },
    async (_request, reply) => {
      const ok = options.storageServes();
      const health: AgentHealth = {
        ok,
        devices: options.deviceStates(),
        residentBusy: options.residentBusy(),
      };
      return reply.code(ok ? 200 : 503).send(health);
    },
  );
  await server.register(
    async (api) => {
      // Scoped to the API, so whatever else the agent serves keeps its own not-found answer.
      api.setNotFoundHandler(notFoundReply);
      // The counters' and the hall's routes answer the hall's networks themselves.
      registerCounterRoutes(api, options.counters);
      await api.register(async (own) => {
        own.addHook('onRequest', thisTerminalOnly(options.counters.counterNetworks, logger));
        registerKioskRoutes(own, options.kiosk);
        registerApplicationRoutes(own, options.applications);
        registerGuideRoutes(own, options.guides);
        for (const part of options.parts) part.register(own);
      });
    },
    { prefix: AGENT_API_PREFIX },
  );
  registerKioskApp(server, { kioskDir: options.kioskDir, logger });
  return server;
}
