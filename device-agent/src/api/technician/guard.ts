import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AGENT_API_PREFIX,
  TECHNICIAN_ROUTES as ROUTES,
  type TechnicianRoleName,
} from '@bianmin/contract';
import { bearer, rememberSession, type TechnicianRouteDeps } from './context.js';

const RANK: Record<TechnicianRoleName, number> = { technician: 1, administrator: 2 };
const ROLE_LABEL: Record<TechnicianRoleName, string> = {
  technician: '维护人员',
  administrator: '管理员',
};

const isTechnicianPath = (path: string): path is keyof typeof ROUTES => Object.hasOwn(ROUTES, path);

/**
 * The check every technician route passes first: its role comes from its entry in
 * TECHNICIAN_ROUTES; 401 without a live session, 403 for a role below it or a path with no
 * entry.
 */
export function technicianGuard({
  sessions,
  trail,
}: Pick<TechnicianRouteDeps, 'sessions' | 'trail'>) {
  return async function guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const path = (request.routeOptions.url ?? '').slice(AGENT_API_PREFIX.length);
    if (!isTechnicianPath(path)) {
      trail.requestRefused(path, 403);
      await reply.status(403).send({ error: 'technician-role', message: '没有这一项。' });
      return;
    }
    const role = ROUTES[path].role;
    if (role === null) return;
    const found = sessions.touch(bearer(request));
    if (found.kind === 'expired') {
      trail.signedOut(found.session.account.id, 'idle');
    }
    if (found.kind !== 'active') {
      trail.requestRefused(path, 401);
      await reply.status(401).send({
        error: 'technician-signed-out',
        message: '维护模式已退出，请重新输入 PIN。',
      });
      return;
    }
    if (RANK[found.session.account.role] < RANK[role]) {
      trail.requestRefused(path, 403, found.session.account.id);
      await reply.status(403).send({
        error: 'technician-role',
        message: `这一项需要${ROLE_LABEL[role]}的权限。`,
      });
      return;
    }
    rememberSession(request, found.session);
  };
}
