import type { EventLogger } from '@bianmin/common';
import type { ConfigKey } from '@bianmin/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerAdminRoutes } from './admin-routes.js';
import { registerEnrolRoute } from './enrol-route.js';
import { keepRawJsonBodies } from './raw-body.js';
import type { Refusal } from './refusal.js';
import { createRequestVerifier } from './request-verifier.js';
import { createSignedRouteHooks, type SignedRouteHooks } from './signed-routes.js';
import type { NonceStore, TerminalRegistry } from './trust-store.js';

export interface TrustOptions {
  /** A request's time may differ from the centre's by this much either way (default 5 min). */
  clockWindowMs?: number;
  /** CENTRAL_ADMIN_TOKEN; unset turns the administrator routes off. */
  adminToken?: string;
  /** Default validity of an enrolment token (default 72 h). */
  tokenValidHours?: number;
}

const DEFAULT_CLOCK_WINDOW_MS = 5 * 60_000;
const DEFAULT_TOKEN_VALID_HOURS = 72;

export interface CentreTrust {
  /** Spread into the options of every route a terminal calls. */
  signed: SignedRouteHooks;
  /** Registers the enrolment and administrator routes. */
  registerRoutes(app: FastifyInstance): void;
}

/** Terminal enrolment and signed requests at the centre (docs/protocol.md). */
export function createCentreTrust(
  app: FastifyInstance,
  deps: {
    registry: TerminalRegistry;
    nonces: NonceStore;
    now: () => Date;
    logger: EventLogger | undefined;
    /** Given to each terminal in its enrolment reply (docs/remote-config.md). */
    configKey?: ConfigKey;
    options?: TrustOptions;
  },
): CentreTrust {
  const { registry, now, logger, options = {} } = deps;
  keepRawJsonBodies(app);
  const verifier = createRequestVerifier({
    nonces: deps.nonces,
    now,
    clockWindowMs: options.clockWindowMs ?? DEFAULT_CLOCK_WINDOW_MS,
  });
  const onRefused = (request: FastifyRequest, refusal: Refusal, terminalId?: string) =>
    logger?.event('central.request-rejected', {
      route: request.routeOptions.url ?? request.url,
      reason: refusal.reason,
      ...(terminalId !== undefined && { terminalId }),
    });
  return {
    signed: createSignedRouteHooks({ registry, verifier, onRefused }),
    registerRoutes(routes) {
      registerEnrolRoute(routes, {
        registry,
        verifier,
        now,
        logger,
        onRefused,
        ...(deps.configKey && { configKey: deps.configKey }),
      });
      registerAdminRoutes(routes, {
        registry,
        adminToken: options.adminToken,
        tokenValidHours: options.tokenValidHours ?? DEFAULT_TOKEN_VALID_HOURS,
        now,
        logger,
      });
    },
  };
}
