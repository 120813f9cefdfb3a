import type { FastifyInstance } from 'fastify';
import type { TechnicianRouteDeps } from './context.js';
import { technicianGuard } from './guard.js';
import { registerSignInRoutes } from './sign-in-routes.js';
import { registerDeviceRoutes } from './device-routes.js';
import { registerReadinessRoutes } from './readiness-routes.js';
import { registerEnrolRoute } from './enrol-route.js';
import { registerAuditRoute } from './audit-route.js';

/**
 * Technician mode's routes (docs/technician.md). Every entry, exit and action is logged: who,
 * what, the outcome.
 */
export function registerTechnicianRoutes(app: FastifyInstance, deps: TechnicianRouteDeps): void {
  // One scope whose every route passes the guard first: a route added here without an entry
  // in TECHNICIAN_ROUTES is refused, never open.
  void app.register(async (scope) => {
    scope.addHook('onRequest', technicianGuard(deps));
    registerSignInRoutes(scope, deps);
    registerDeviceRoutes(scope, deps);
    registerReadinessRoutes(scope, deps);
    registerEnrolRoute(scope, deps);
    registerAuditRoute(scope, deps);
  });
}
