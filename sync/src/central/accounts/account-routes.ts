import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { EventLogger } from '@bianmin/common';
import {
  ADMIN_ACCOUNTS_PATH,
  AccountSchema,
  CreateAccountSchema,
  ErrorReplySchema,
  LoginSchema,
  LogoutReplySchema,
  MONITOR_LOGIN_PATH,
  MONITOR_LOGOUT_PATH,
  MONITOR_SESSION_PATH,
  type Account,
  type ErrorReply,
} from '@bianmin/contract';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountStore, StoredAccount } from './account-store.js';
import { FREE_FAILURES, lockUntil } from './lockout.js';
import { DEFAULT_SCRYPT_COST, hashPassword, verifyPassword, type ScryptCost } from './password.js';
import { createSessions, type SessionRules } from './sessions.js';

export interface AccountRouteDeps {
  store: AccountStore;
  /** CENTRAL_ADMIN_TOKEN; without it creating accounts is refused. */
  adminToken: string | undefined;
  rules: SessionRules;
  scryptCost?: ScryptCost;
  /** The name terminals report for a region code. */
  regionName: (region: string) => Promise<string | null>;
  now: () => Date;
  logger: EventLogger | undefined;
}

/** Routes behind a session see the account through this. */
export type SessionGuard = {
  onRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  accountOf: (request: FastifyRequest) => StoredAccount;
};

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
const refusal = (error: string, message: string): ErrorReply => ({ error, message });

/**
 * A state-changing request must come from a page of this centre. SameSite=Strict already
 * keeps the cookie off other sites' requests; the Origin check also covers login (which
 * has no cookie yet) and browsers that ignore SameSite.
 */
function fromThisOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  const host = request.headers.host;
  if (origin === undefined || host === undefined) return false;
  try {
    const page = new URL(origin);
    // Read in the page's scheme, `Host: centre:443` and `https://centre` are one origin: URL
    // drops a scheme's default port from both.
    const target = new URL(`${page.protocol}//${host}`);
    if (target.pathname !== '/' || target.search !== '' || target.username !== '') return false;
    return page.host === target.host;
  } catch {
    return false;
  }
}

/**
 * Login, logout and the session's account for the monitoring app, and account creation for
 * an administrator. Registers the cookie parser in `scope` and returns the guard the
 * monitoring routes in the same scope use.
 */
export async function registerAccountRoutes(
  scope: FastifyInstance,
  deps: AccountRouteDeps,
): Promise<SessionGuard> {
  const { store, now, logger } = deps;
  const cost = deps.scryptCost ?? DEFAULT_SCRYPT_COST;
  const secret = await store.cookieSecret(() => randomBytes(32).toString('base64url'));
  await scope.register(fastifyCookie, { secret });
  const sessions = createSessions(store, deps.rules, now);
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  // An unknown user costs one scrypt too, so timing does not tell which names exist.
  const unknownUserHash = hashPassword(randomBytes(16).toString('base64'), cost);
  const accounts = new WeakMap<FastifyRequest, StoredAccount>();

  const view = async (account: StoredAccount): Promise<Account> => ({
    user: account.user,
    role: account.role,
    region: account.region,
    regionName: await deps.regionName(account.region),
  });

  const sameOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!fromThisOrigin(request)) {
      return reply
        .code(403)
        .send(
          refusal('origin-refused', 'send this request from the monitoring app of this centre'),
        );
    }
  };

  const guard: SessionGuard = {
    onRequest: async (request, reply) => {
      const checked = await sessions.check(request);
      if (!checked.ok) {
        const why = checked.reason === 'session-expired' ? '登录已过期，请重新登录' : '请先登录';
        return reply.code(401).send(refusal(checked.reason, `${why} / log in first`));
      }
      accounts.set(request, checked.account);
    },
    accountOf: (request) => {
      const account = accounts.get(request);
      // Only routes with guard.onRequest call this.
      if (account === undefined) throw new Error('accountOf called on a route without a session');
      return account;
    },
  };

  const errors = { 400: ErrorReplySchema, 401: ErrorReplySchema, 403: ErrorReplySchema };

  app.post(
    MONITOR_LOGIN_PATH,
    {
      onRequest: sameOrigin,
      schema: {
        summary: 'Log in to the monitoring app: sets the session cookie',
        body: LoginSchema,
        response: { 200: AccountSchema, 429: ErrorReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { user, password } = request.body;
      const subjects = [
        { key: `user:${user.toLowerCase()}`, free: FREE_FAILURES.account },
        { key: `address:${request.ip}`, free: FREE_FAILURES.address },
      ];
      const at = now();
      const locks = await Promise.all(subjects.map((s) => store.failures(s.key)));
      const lockedUntil = Math.max(
        ...locks.map((l) => (l.lockedUntil === null ? 0 : Date.parse(l.lockedUntil))),
      );
      // Checked before the password, and the same for names that do not exist.
      if (lockedUntil > at.getTime()) {
        logger?.event('central.login-refused', { reason: 'locked' });
        const seconds = Math.ceil((lockedUntil - at.getTime()) / 1000);
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .send(
            refusal(
              'login-locked',
              `登录失败次数过多，请 ${seconds} 秒后再试 / too many failed logins, try again in ${seconds} s`,
            ),
          );
      }
      const account = await store.get(user);
      const matches = await verifyPassword(
        password,
        account?.passwordHash ?? (await unknownUserHash),
      );
      if (account === undefined || !matches) {
        await Promise.all(
          subjects.map((s) => store.recordFailure(s.key, (n) => lockUntil(n, at, s.free))),
        );
        logger?.event('central.login-refused', { reason: 'wrong-credentials' });
        return reply
          .code(401)
          .send(refusal('login-failed', '用户名或密码错误 / wrong user name or password'));
      }
      await Promise.all(subjects.map((s) => store.clearFailures(s.key)));
      await sessions.start(reply, account.user);
      logger?.event('central.login', { user: account.user });
      return view(account);
    },
  );

  app.post(
    MONITOR_LOGOUT_PATH,
    {
      onRequest: sameOrigin,
      schema: {
        summary: 'Log out: ends the session',
        response: { 200: LogoutReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      await sessions.end(request, reply);
      return { ok: true as const };
    },
  );

  app.get(
    MONITOR_SESSION_PATH,
    {
      onRequest: guard.onRequest,
      schema: {
        summary: 'The logged-in account, its role and region',
        response: { 200: AccountSchema, ...errors },
      },
    },
    async (request) => view(guard.accountOf(request)),
  );

  const expected = deps.adminToken === undefined ? undefined : digest(deps.adminToken);
  app.post(
    ADMIN_ACCOUNTS_PATH,
    {
      onRequest: async (request, reply) => {
        const given = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
        // Compared as digests, so neither the length nor a prefix leaks through timing.
        if (
          expected === undefined ||
          given === undefined ||
          !timingSafeEqual(digest(given), expected)
        ) {
          return reply
            .code(expected === undefined ? 403 : 401)
            .send(
              refusal(
                expected === undefined ? 'admin-disabled' : 'admin-unauthorised',
                'send Authorization: Bearer <CENTRAL_ADMIN_TOKEN> (the centre must be started with it)',
              ),
            );
        }
      },
      schema: {
        summary: 'Create a monitoring account scoped to a region (administrator)',
        body: CreateAccountSchema,
        response: { 201: AccountSchema, 409: ErrorReplySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { user, role, region, password } = request.body;
      const account: StoredAccount = {
        user,
        role,
        region,
        passwordHash: await hashPassword(password, cost),
        createdAt: now().toISOString(),
      };
      const created = await store.create(account);
      if (!created.ok) {
        return reply.code(409).send({
          error: 'account-exists',
          message: `an account named ${user} already exists`,
          where: 'user',
        });
      }
      logger?.event('central.account-created', { user, role, region });
      return reply.code(201).send(await view(account));
    },
  );

  return guard;
}
