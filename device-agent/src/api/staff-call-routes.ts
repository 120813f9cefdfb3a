import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  COUNTER_ROUTES as ROUTES,
  CounterParamsSchema,
  ErrorReplySchema,
  type AgentEvent,
  type CounterView,
  type StaffCallAnswer,
  type StaffCallsReply,
} from '@bianmin/contract';
import type { EventLogger } from '@bianmin/common';
import type { StaffCalls } from '../staff-calls/staff-calls.js';

/**
 * The counters' side of 呼叫工作人员: the consoles list the kiosk's open calls and one of them
 * answers (我去处理), which every console and the kiosk hear as `staff-call-answered`.
 */
export function registerStaffCallRoutes(
  app: FastifyInstance,
  deps: {
    staffCalls: StaffCalls;
    /** The counter routes' own check: the hall's networks and a counter's sign-in. */
    signedIn: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    counter: (number: number) => CounterView | undefined;
    publish: (event: AgentEvent) => void;
    logger: EventLogger;
  },
): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  server.get(
    '/staff-calls',
    {
      onRequest: deps.signedIn,
      schema: {
        response: {
          200: ROUTES['/staff-calls'].reply,
          401: ErrorReplySchema,
          403: ErrorReplySchema,
        },
      },
    },
    async (): Promise<StaffCallsReply> => ({ calls: deps.staffCalls.open() }),
  );
  const route = ROUTES['/counters/:number/answer-staff-call'];
  server.post(
    '/counters/:number/answer-staff-call',
    {
      onRequest: deps.signedIn,
      schema: {
        params: CounterParamsSchema,
        body: route.body,
        response: {
          200: route.reply,
          401: ErrorReplySchema,
          403: ErrorReplySchema,
          404: ErrorReplySchema,
        },
      },
    },
    async (req, reply) => {
      const counter = Number(req.params.number);
      const call = deps.staffCalls.answer(req.body.id);
      if (call === undefined) {
        return reply.status(404).send({
          error: 'staff-call-gone',
          message: 'This call was answered by another counter already, or has expired.',
        });
      }
      const answer: StaffCallAnswer = {
        id: call.id,
        counter,
        counterName: deps.counter(counter)?.name ?? `${counter}号窗口`,
      };
      deps.logger.event('queue.staff-call-answered', { counter, screen: call.screen });
      deps.publish({ type: 'staff-call-answered', answer });
      return answer;
    },
  );
}
