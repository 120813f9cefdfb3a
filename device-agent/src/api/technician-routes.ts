import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TechnicianAccount } from '@bianmin/config';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TechniciansConfig, TerminalConfig } from '@bianmin/config';
import {
  AGENT_API_PREFIX,
  DEVICES,
  ErrorReplySchema,
  SETUP_DEVICES,
  stateSpec,
  TECHNICIAN_ROUTES as ROUTES,
  type DeviceSetupView,
  type EnrolReply,
  type EnrolRequest,
  type PortsReply,
  type ReadinessEvent,
  type ReadinessReport,
  type ReportedDeviceStates,
  type TechnicianRoleName,
} from '@bianmin/contract';
import type { TerminalDevices } from '../agent/devices.js';
import { summariseHolder } from '../agent/card-summary.js';
import {
  describeConnection,
  editableConnection,
  sameConnection,
} from '../technician/connections.js';
import type { DeviceApplier } from '../technician/apply.js';
import type { DevicesFile } from '../technician/devices-file.js';
import type { SignInLockout } from '../technician/lockout.js';
import { cardNumberKey, verifySecret } from '../technician/secret-hash.js';
import type { CardWait, CardWaitError } from '../technician/card-wait.js';
import type { AuditLog } from '../technician/audit-log.js';
import type { AuditTrail } from '../technician/audit-trail.js';
import { listPorts } from '../technician/ports.js';
import { printerAnswer, probeConnection } from '../technician/probe.js';
import { layoutReadiness, layoutTestSlip, readinessEvent } from '../technician/readiness.js';
import type { TechnicianSession, TechnicianSessions } from '../technician/sessions.js';

export interface TechnicianRouteDeps {
  /** technicians.json; null on a terminal without it, where technician mode is off. */
  accounts: TechniciansConfig | null;
  sessions: TechnicianSessions;
  lockout: SignInLockout;
  /** Writes each entry, exit and action to the log and the audit log. */
  trail: AuditTrail;
  /** Pages the audit log (administrators). */
  auditLog: Pick<AuditLog, 'page'>;
  /** Waits on the ID-card reader for a technician's card (刷技术员卡). */
  cardWait: CardWait;
  terminal: TerminalConfig;
  devices: Pick<TerminalDevices, 'reader' | 'printer' | 'scanner'>;
  /** The connections in effect, and how a saved one is put into effect. */
  applier: DeviceApplier;
  /** devices.json in the configuration folder; null when the agent was given none. */
  devicesFile: DevicesFile | null;
  deviceStates: () => ReportedDeviceStates;
  readiness: () => Promise<ReadinessReport>;
  recordReadiness: (event: ReadinessEvent) => void;
  enrol: (request: EnrolRequest) => Promise<EnrolReply>;
  centreUrl: string;
  now: () => Date;
  /** Tests list their own ports. */
  listPorts?: () => Promise<PortsReply>;
}

const RANK: Record<TechnicianRoleName, number> = { technician: 1, administrator: 2 };
const ROLE_LABEL: Record<TechnicianRoleName, string> = {
  technician: '维护人员',
  administrator: '管理员',
};

const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
};

/**
 * Technician mode's routes (docs/technician.md). Each one's role comes from its entry in
 * TECHNICIAN_ROUTES, checked before anything else runs: 401 without a live session, 403 for a
 * role below it. Every entry, exit and action is logged: who, what, the outcome.
 */
export function registerTechnicianRoutes(app: FastifyInstance, deps: TechnicianRouteDeps): void {
  // One scope whose every route passes the guard first: a route added here without an entry
  // in TECHNICIAN_ROUTES is refused, never open.
  void app.register(async (scope) => {
    scope.addHook('onRequest', guard);
    technicianRoutes(scope, deps);
  });

  const { sessions, trail } = deps;
  async function guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
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
    SESSION_OF.set(request, found.session);
  }
}

const isTechnicianPath = (path: string): path is keyof typeof ROUTES => Object.hasOwn(ROUTES, path);

/** The session the guard found for a request. */
const SESSION_OF = new WeakMap<FastifyRequest, TechnicianSession>();

function technicianRoutes(app: FastifyInstance, deps: TechnicianRouteDeps): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>();
  const { trail } = deps;
  const sessionOf = SESSION_OF;

  const audit = (request: FastifyRequest, action: string, outcome: string, device?: string) =>
    trail.action(sessionOf.get(request)?.account.id ?? 'unknown', action, outcome, device);
  const refused = {
    400: ErrorReplySchema,
    401: ErrorReplySchema,
    403: ErrorReplySchema,
    409: ErrorReplySchema,
    429: ErrorReplySchema,
  };

  // --- entering and leaving ---
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
  const startSession = (account: TechnicianAccount, method: 'pin' | 'card') => {
    deps.lockout.succeeded();
    const token = deps.sessions.start(account);
    trail.signedIn(account, method);
    return {
      token,
      session: {
        account: { id: account.id, name: account.name, role: account.role },
        idleSeconds: Math.round(deps.sessions.idleMs / 1000),
        centreUrl: deps.centreUrl,
      },
    };
  };

  const signIn = ROUTES['/technician/sign-in'];
  server.post(
    '/technician/sign-in',
    {
      schema: { body: signIn.body, response: { 200: signIn.reply, ...refused } },
    },
    async (request, reply) => {
      const accounts = signInAccounts(reply, 'pin');
      if (!accounts) return reply;
      for (const account of accounts) {
        if (await verifySecret(request.body.pin, account.pinHash)) {
          return startSession(account, 'pin');
        }
      }
      return wrongSecret(reply, 'wrong-pin');
    },
  );

  const CARD_WAIT_REFUSAL: Record<Exclude<CardWaitError, 'cancelled'>, string> = {
    'reader-busy': '读卡器正在为居民读卡，请用 PIN 进入。',
    'reader-offline': '读卡器没有应答，请用 PIN 进入。',
    'no-card': '没有读到卡。请把技术员卡放在读卡区后再试，或用 PIN 进入。',
    unreadable: '卡读不出来。请把卡平放在读卡区后再试，或用 PIN 进入。',
  };
  const cardSignIn = ROUTES['/technician/card-sign-in'];
  server.post(
    '/technician/card-sign-in',
    {
      schema: { body: cardSignIn.body, response: { 200: cardSignIn.reply, ...refused } },
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
      for (const account of withCards) {
        if (account.cardHash && (await verifySecret(key, account.cardHash))) {
          return startSession(account, 'card');
        }
      }
      return wrongSecret(reply, 'unknown-card');
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
      trail.signedOut(sessionOf.get(request)?.account.id ?? 'unknown', 'exit');
      return reply.status(204).send();
    },
  );

  server.get(
    '/technician/session',
    {
      schema: { response: { 200: ROUTES['/technician/session'].reply, ...refused } },
    },
    async (request) => {
      const { account } = sessionOf.get(request)!;
      return {
        account: { id: account.id, name: account.name, role: account.role },
        idleSeconds: Math.round(deps.sessions.idleMs / 1000),
        centreUrl: deps.centreUrl,
      };
    },
  );

  // --- device setup ---
  server.get(
    '/technician/ports',
    {
      schema: { response: { 200: ROUTES['/technician/ports'].reply, ...refused } },
    },
    async (request) => {
      const ports = await (deps.listPorts ?? listPorts)();
      audit(request, 'list-ports', `${ports.serial.length} serial, ${ports.hid.length} hid`);
      return ports;
    },
  );

  const setupView = (): DeviceSetupView => {
    const running = deps.applier.applied();
    const saved = deps.devicesFile?.read();
    const pending = saved?.ok && JSON.stringify(saved.value) !== JSON.stringify(running);
    const states = deps.deviceStates();
    return {
      devices: SETUP_DEVICES.filter((d) => running[d] !== undefined).map((device) => {
        const state = states[device] ?? 'unknown';
        return {
          device,
          label: DEVICES[device].label,
          connection: describeConnection(running[device]),
          editable: editableConnection(running[device]),
          state,
          stateLabel: stateSpec(device, state)?.label ?? state,
        };
      }),
      canUndo: deps.devicesFile?.canUndo() ?? false,
      pendingRestart: pending ? '已保存的设备设置在终端重启后生效（重启设备代理服务）。' : null,
    };
  };

  server.get(
    '/technician/devices',
    {
      schema: { response: { 200: ROUTES['/technician/devices'].reply, ...refused } },
    },
    async () => setupView(),
  );

  const inUse = (
    device: (typeof SETUP_DEVICES)[number],
    connection: Parameters<typeof sameConnection>[0],
  ) => sameConnection(connection, editableConnection(deps.applier.applied()[device]));

  const probe = ROUTES['/technician/devices/probe'];
  server.post(
    '/technician/devices/probe',
    {
      schema: { body: probe.body, response: { 200: probe.reply, ...refused } },
    },
    async (request) => {
      const { device, connection } = request.body;
      const answer = await probeConnection(device, connection, {
        inUse: inUse(device, connection),
        devices: deps.devices,
      });
      audit(request, 'probe', answer.answered ? 'answered' : 'no-answer', device);
      return answer;
    },
  );

  const testRead = ROUTES['/technician/devices/test-read'];
  server.post(
    '/technician/devices/test-read',
    {
      schema: { body: testRead.body, response: { 200: testRead.reply, ...refused } },
    },
    async (request) => {
      const read = await deps.devices.reader.readCard();
      if (!read.ok) {
        audit(request, 'test-read', read.error.kind, 'idCardReader');
        const message =
          read.error.kind === 'no-card'
            ? '没有读到卡：请把身份证放在读卡区后再试。'
            : read.error.kind === 'reader-offline'
              ? '读卡器没有应答。'
              : '卡读不出来，请换个位置再放一次。';
        return { read: false, maskedName: null, message };
      }
      // The masked name only: nothing else of the card leaves this function or is logged.
      const { maskedName } = summariseHolder(read.value.holder, deps.now(), deps.terminal.timeZone);
      audit(request, 'test-read', 'read', 'idCardReader');
      return { read: true, maskedName, message: `读卡成功：${maskedName}` };
    },
  );

  const print = async (job: Uint8Array) => {
    const printed = await deps.devices.printer.print(job);
    if (printed.ok) return { printed: true, message: '已打印。' };
    const status =
      printed.error.kind === 'offline' ? ({ state: 'offline' } as const) : printed.error.status;
    return { printed: false, message: `没有打印：${printerAnswer(status).message}` };
  };

  const testPrint = ROUTES['/technician/devices/test-print'];
  server.post(
    '/technician/devices/test-print',
    {
      schema: { body: testPrint.body, response: { 200: testPrint.reply, ...refused } },
    },
    async (request) => {
      const outcome = await print(
        layoutTestSlip(deps.terminal.name, deps.now(), deps.terminal.timeZone),
      );
      audit(request, 'test-print', outcome.printed ? 'printed' : 'not-printed', 'printer');
      return outcome;
    },
  );

  const save = ROUTES['/technician/devices/save'];
  server.post(
    '/technician/devices/save',
    {
      schema: { body: save.body, response: { 200: save.reply, ...refused } },
    },
    async (request, reply) => {
      const { device, connection } = request.body;
      if (!deps.devicesFile) {
        return reply
          .status(409)
          .send({ error: 'no-config-folder', message: '终端没有配置目录，无法保存。' });
      }
      // A connection that does not answer is never saved: the terminal keeps the one it has.
      const answer = await probeConnection(device, connection, {
        inUse: inUse(device, connection),
        devices: deps.devices,
      });
      if (!answer.answered) {
        audit(request, 'save', 'refused-no-answer', device);
        return reply
          .status(409)
          .send({ error: 'device-not-answering', message: `${answer.message}没有保存任何更改。` });
      }
      const saved = deps.devicesFile.save(device, connection);
      if (!saved.ok) {
        audit(request, 'save', 'refused-invalid', device);
        return reply
          .status(400)
          .send({ error: 'config-invalid', message: `没有保存：${saved.error}` });
      }
      const unchanged = inUse(device, connection);
      const applied = await deps.applier.apply(saved.value);
      audit(request, 'save', applied === 'now' ? 'saved-applied' : 'saved-for-restart', device);
      const message = unchanged
        ? '已保存，与正在使用的设置相同。'
        : applied === 'now'
          ? '已保存，并已改用新的连接。'
          : '已保存。新的设置在终端重启后生效。';
      return { message, applied, setup: setupView() };
    },
  );

  const undo = ROUTES['/technician/devices/undo'];
  server.post(
    '/technician/devices/undo',
    {
      schema: { body: undo.body, response: { 200: undo.reply, ...refused } },
    },
    async (request, reply) => {
      const restored = deps.devicesFile?.undo();
      if (!restored?.ok) {
        audit(request, 'undo', 'refused');
        return reply
          .status(409)
          .send({ error: 'nothing-to-undo', message: restored?.error ?? '没有可以撤销的更改。' });
      }
      const applied = await deps.applier.apply(restored.value);
      audit(request, 'undo', applied === 'now' ? 'restored-applied' : 'restored-for-restart');
      return {
        message:
          applied === 'now' ? '已撤销，恢复为上次的设置。' : '已撤销。恢复的设置在终端重启后生效。',
        applied,
        setup: setupView(),
      };
    },
  );

  // --- 自检报告 ---
  server.get(
    '/technician/readiness',
    {
      schema: { response: { 200: ROUTES['/technician/readiness'].reply, ...refused } },
    },
    async (request) => {
      const report = await deps.readiness();
      audit(request, 'readiness-view', 'shown');
      return report;
    },
  );

  const printReport = ROUTES['/technician/readiness/print'];
  server.post(
    '/technician/readiness/print',
    {
      schema: { body: printReport.body, response: { 200: printReport.reply, ...refused } },
    },
    async (request) => {
      const report = await deps.readiness();
      const outcome = await print(layoutReadiness(report, deps.terminal.timeZone));
      audit(request, 'readiness-print', outcome.printed ? 'printed' : 'not-printed', 'printer');
      return outcome;
    },
  );

  const send = ROUTES['/technician/readiness/send'];
  server.post(
    '/technician/readiness/send',
    {
      schema: { body: send.body, response: { 200: send.reply, ...refused } },
    },
    async (request) => {
      const report = await deps.readiness();
      deps.recordReadiness(readinessEvent(report));
      audit(request, 'readiness-send', 'queued');
      return { message: '已交给上传队列，连通中心后送达。' };
    },
  );

  // --- enrolment ---
  const enrol = ROUTES['/technician/enrol'];
  server.post(
    '/technician/enrol',
    {
      schema: { body: enrol.body, response: { 200: enrol.reply, ...refused } },
    },
    async (request) => {
      const outcome = await deps.enrol(request.body);
      audit(request, 'enrol', outcome.enrolled ? 'enrolled' : 'refused');
      return outcome;
    },
  );

  // --- the audit log (administrators) ---
  const auditPage = ROUTES['/technician/audit'];
  server.get(
    '/technician/audit',
    {
      schema: { querystring: auditPage.query, response: { 200: auditPage.reply, ...refused } },
    },
    async (request) => {
      const { before, after, limit } = request.query;
      // Opening the log is an action; turning its pages is not, or each page would add one.
      if (before === undefined && after === undefined) audit(request, 'audit-view', 'shown');
      return deps.auditLog.page({
        limit: Number(limit),
        ...(before !== undefined && { before: Number(before) }),
        ...(after !== undefined && { after: Number(after) }),
      });
    },
  );
}
