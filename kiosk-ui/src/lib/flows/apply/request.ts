import type { ApplicationPrintRequest, ApplicationRequest } from '../../agent/types.js';
import type { ApplyContext } from './context.js';
import { askedOf } from './views.js';

/** The request the agent takes: the identity by handle or typed number, the answers asked. */
export function applicationRequest(context: ApplyContext): ApplicationRequest {
  const { identity } = context;
  const asked = askedOf(context);
  return {
    requestId: context.requestId,
    serviceId: context.service.id,
    identity:
      identity?.source === 'id-number'
        ? { source: 'id-number', idNumber: identity.idNumber }
        : { source: 'card', readId: identity?.readId ?? '' },
    answers: Object.fromEntries(asked.map((q) => [q.id, context.answers[q.id] ?? ''])),
  };
}

/** The slip is asked for by the reference alone: the agent prints from the application it took. */
export function printRequest(context: Pick<ApplyContext, 'receipt'>): ApplicationPrintRequest {
  return { reference: context.receipt?.reference ?? '' };
}
