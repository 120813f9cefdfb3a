import { TRUST_REFUSALS, type ErrorReply, type TrustRefusal } from '@bianmin/contract';
import type { FastifyReply } from 'fastify';

export interface Refusal {
  reason: TrustRefusal;
  message: string;
  where?: string;
}

/** Sends a refusal in the one error-reply shape, with the status its reason carries. */
export function sendRefusal(reply: FastifyReply, refusal: Refusal): FastifyReply {
  const status = TRUST_REFUSALS[refusal.reason];
  if (status === 401) reply.header('www-authenticate', 'Bianmin-Signature');
  const body: ErrorReply = {
    error: refusal.reason,
    message: refusal.message,
    ...(refusal.where !== undefined && { where: refusal.where }),
  };
  return reply.code(status).send(body);
}
