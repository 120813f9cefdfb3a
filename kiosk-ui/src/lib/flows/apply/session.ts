import type { SnapshotFrom } from 'xstate';
import type { RateOffer } from '../rate/context.js';
import type { SessionContext } from '../session/context.js';
import { chosenService } from '../session/views.js';
import type { ApplyService } from './context.js';
import type { applyMachine } from './machine.js';

/** The guide's service as the apply flow takes it, if it takes applications at the kiosk. */
export function applyServiceOf(
  context: Pick<SessionContext, 'catalogue' | 'serviceId'> & Parameters<typeof chosenService>[0],
): ApplyService | null {
  const service = chosenService(context);
  return service?.application
    ? { id: service.id, name: service.name, application: service.application }
    : null;
}

/**
 * What a rating would ask about if the resident left the apply flow now: the application
 * once submitted, else the service left part-way; nothing while the idle warning shows, since
 * whoever does not answer it has gone (docs/architecture.md, "Ratings").
 */
export function applyRateOffer(
  child: SnapshotFrom<typeof applyMachine>,
  serviceId: string | null,
): RateOffer | null {
  if (serviceId === null || child.matches('idleWarning')) return null;
  return {
    serviceId,
    outcome: child.context.receipt ? 'application-submitted' : 'left-midway',
  };
}
