import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TechnicianAccount } from '@bianmin/config';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { TECHNICIAN_ROUTES as ROUTES } from '@bianmin/contract';
import { cardNumberKey, verifySecret } from '../../technician/secret-hash.js';
import type { CardWaitError } from '../../technician/card-wait.js';
import { bearer, REFUSED, sessionOf, sessionView, type TechnicianRouteDeps } from './context.js';

const CARD_WAIT_REFUSAL: Record<Exclude<CardWaitError, 'cancelled'>, string> = {
  'reader-busy': '读卡器正在为居民读卡，请用 PIN 进入。',
  'reader-offline': '读卡器没有应答，请用 PIN 进入。',
  'no-card': '没有读到卡。请把技术员卡放在读卡区后再试，或用 PIN 进入。',
  unreadable: '卡读不出来。请把卡平放在读卡区后再试，或用 PIN 进入。',
};

/** Entering technician mode by PIN or technician's card, leaving it, and who is in. */
export function registerSignInRoutes(app: FastifyInstance, deps: TechnicianRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const { trail } = deps;

  /**
   * The accounts a PIN or card may match, or null once the refusal is sent: mode off, or
   * locked after wrong ones (checked before any PIN or card is looked at).
   */
  const signInAccounts = (reply: FastifyReply, method: 'pin' | 'card') => {
    if (!deps.accounts) {
      trail.signInRefused('mode-off', method);
      void reply.status(403).send({
        error: 'technician-mode-off',
        message: '这台终端没有维护人员账号（technicians.json），维护模式未开启。',
      });
      return null;
    }
    const lockedMs = deps.lockout.remainingMs();
    if (lockedMs > 0) {
      const seconds = Math.ceil(lockedMs / 1000);
      trail.signInRefused('locked', method, seconds);
      void reply.header('retry-after', String(seconds));
      void reply
        .status(429)
        .send({ error: 'sign-in-locked', message: `错误次数过多，请 ${seconds} 秒后再试。` });
      return null;
    }
    return deps.accounts.accounts;
  };
  /** A wrong PIN and an unknown card count alike in the one lockout. */
  const wrongSecret = (reply: FastifyReply, reason: 'wrong-pin' | 'unknown-card') => {
    const lockMs = deps.lockout.failed();
    const seconds = Math.ceil(lockMs / 1000);
    trail.signInRefused(reason, reason === 'wrong-pin' ? 'pin' : 'card', seconds);
    if (seconds > 0) void reply.header('retry-after', String(seconds));
    const what = reason === 'wrong-pin' ? 'PIN 不对' : '这张卡不是本终端登记的技术员卡';
    return reply.status(401).send({
      error: reason,
      message:
        seconds > 0
          ? `${what}。请 ${seconds} 秒后再试。`
          : reason === 'wrong-pin'
            ? 'PIN 不对，请重新输入。'
            : `${what}。`,
    });
  };
  /**
   * Attempts are checked one after another, as the counters' sign-ins are: guesses sent together
   * would otherwise all pass the lockout's check before the first wrong one was counted, leaving
   * only the hash's speed to limit guessing.
   */
  let checking: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(attempt: () => Promise<T>): Promise<T> => {
    const next = checking.then(attempt);
    checking = next.catch(() => undefined);
    return next;
  };
  const startSession = (account: TechnicianAccount, method: 'pin' | 'card') => {
    deps.lockout.succeeded();
    const { token, ended } = deps.sessions.start(account);
    if (ended) trail.signedOut(ended.session.account.id, ended.reason);
    trail.signedIn(account, method);
    return { token, session: sessionView(deps, account) };
  };

  const signIn = ROUTES['/technician/sign-in'];
  server.post(
    '/technician/sign-in',
    {
      schema: { body: signIn.body, response: { 200: signIn.reply, ...REFUSED } },
    },
    async (request, reply) =>
      oneAtATime(async () => {
        const accounts = signInAccounts(reply, 'pin');
        if (!accounts) return reply;
        for (const account of accounts) {
          if (await verifySecret(request.body.pin, account.pinHash)) {
            return startSession(account, 'pin');
          }
        }
        return wrongSecret(reply, 'wrong-pin');
      }),
  );

  const cardSignIn = ROUTES['/technician/card-sign-in'];
  server.post(
    '/technician/card-sign-in',
    {
      schema: { body: cardSignIn.body, response: { 200: cardSignIn.reply, ...REFUSED } },
    },
    async (request, reply) => {
      const accounts = signInAccounts(reply, 'card');
      if (!accounts) return reply;
      const withCards = accounts.filter((a) => a.cardHash !== undefined);
      if (withCards.length === 0) {
        trail.signInRefused('no-cards', 'card');
        return reply.status(409).send({
          error: 'no-technician-cards',
          message: '这台终端没有登记技术员卡，请用 PIN 进入。',
        });
      }
      // The page aborts its request on 取消: the wait ends with the connection.
      let gone = false;
      reply.raw.once('close', () => (gone = true));
      const read = await deps.cardWait.next(() => gone);
      if (!read.ok) {
        trail.signInRefused(read.error, 'card');
        if (read.error === 'cancelled') {
          return reply.status(409).send({ error: 'card-wait-ended', message: '已取消刷卡。' });
        }
        return reply
          .status(409)
          .send({ error: read.error, message: CARD_WAIT_REFUSAL[read.error] });
      }
      // The number is hashed here and goes no further: not to the page, the log or a file.
      const key = cardNumberKey(read.value) ?? read.value;
      return oneAtATime(async () => {
        // Asked again: wrong PINs during the card wait may have locked sign-in.
        if (!signInAccounts(reply, 'card')) return reply;
        for (const account of withCards) {
          if (account.cardHash && (await verifySecret(key, account.cardHash))) {
            return startSession(account, 'card');
          }
        }
        return wrongSecret(reply, 'unknown-card');
      });
    },
  );

  server.post(
    '/technician/sign-out',
    {
      schema: { body: ROUTES['/technician/sign-out'].body },
    },
    async (request, reply) => {
      const token = bearer(request);
      if (token) deps.sessions.end(token);
      trail.signedOut(sessionOf(request)?.account.id ?? 'unknown', 'exit');
      return reply.status(204).send();
    },
  );

  server.get(
    '/technician/session',
    {
      schema: { response: { 200: ROUTES['/technician/session'].reply, ...REFUSED } },
    },
    async (request) => sessionView(deps, sessionOf(request)!.account),
  );
}
