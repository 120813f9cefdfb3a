import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  captureLogger,
  eventsNamed,
  makeTempDir,
  openNetworkSwitch,
  type NetworkSwitch,
} from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import { AGENT_API_PREFIX, TECHNICIAN_ROUTES } from '@bianmin/contract';
import { buildAgent, type Agent } from '../../agent/app.js';
import { ReceiptPrinterSimulator, receiptToText } from '../../printer/index.js';
import { IdCardReaderSimulator } from '../../id-card/index.js';
import { createSerialTransport } from '../../transport/index.js';
import { HAVE_SOCAT, socatPair } from '../../transport/socat-pair.fixture.js';

const TECHNICIAN_PIN = '246810';
const ADMINISTRATOR_PIN = '135790';

describe('technician routes', () => {
  let agent: Agent;
  let noCentre: NetworkSwitch;
  const dir = makeTempDir('technician-routes');
  const configDir = join(dir.path, 'config');
  const devicesPath = join(configDir, 'devices.json');
  const capture = captureLogger('agent');
  let clock = Date.parse('2026-11-26T02:00:00.000Z');
  // How far the wall clock was stepped (NTP, a technician setting the time): `clock` is the
  // time that really passed.
  let stepped = 0;

  beforeAll(async () => {
    cpSync(DEFAULT_CONFIG_DIR, configDir, { recursive: true });
    const loaded = loadTerminalConfig(configDir);
    if (!loaded.ok) throw new Error('the default config must be valid');
    noCentre = await openNetworkSwitch();
    agent = await buildAgent({
      ...loaded.value,
      configDir,
      dataDir: join(dir.path, 'data'),
      logger: capture.logger,
      centreUrl: noCentre.url,
      now: () => new Date(clock + stepped),
      monotonicNow: () => clock,
    });
  });
  afterAll(async () => {
    await agent.close();
    await noCentre.close();
    dir.remove();
  });

  const call = (method: 'GET' | 'POST', path: string, token?: string, payload?: object) =>
    agent.server.inject({
      method,
      url: `${AGENT_API_PREFIX}${path}`,
      ...(token && { headers: { authorization: `Bearer ${token}` } }),
      ...(method === 'POST' && { payload: payload ?? {} }),
    });
  const signIn = async (pin: string) => {
    const reply = await call('POST', '/technician/sign-in', undefined, { pin });
    expect(reply.statusCode).toBe(200);
    return (reply.json() as { token: string }).token;
  };

  it('answers every technician route 401 without a session, and 403 to a role below it', async () => {
    const technician = await signIn(TECHNICIAN_PIN);
    for (const [path, spec] of Object.entries(TECHNICIAN_ROUTES)) {
      expect(
        agent.server.hasRoute({ method: spec.method, url: `${AGENT_API_PREFIX}${path}` }),
        path,
      ).toBe(true);
    }
    const guarded = Object.entries(TECHNICIAN_ROUTES).filter(([, spec]) => spec.role !== null);
    expect(guarded.length).toBe(Object.keys(TECHNICIAN_ROUTES).length - 2);
    for (const [path, spec] of guarded) {
      const anonymous = await call(spec.method, path);
      expect(anonymous.statusCode, path).toBe(401);
      const forged = await call(spec.method, path, 'x'.repeat(43));
      expect(forged.statusCode, path).toBe(401);
      if (spec.role === 'administrator') {
        expect((await call(spec.method, path, technician)).statusCode, path).toBe(403);
      }
    }
    const administratorOnly = guarded.filter(([, spec]) => spec.role === 'administrator');
    expect(administratorOnly.map(([path]) => path)).toEqual([
      '/technician/enrol',
      '/technician/audit',
    ]);
    await call('POST', '/technician/sign-out', technician);
  });

  it('locks sign-in out after three wrong PINs, for twice as long after each further one', async () => {
    const wrong = () => call('POST', '/technician/sign-in', undefined, { pin: '000000' });
    expect((await wrong()).statusCode).toBe(401);
    expect((await wrong()).statusCode).toBe(401);
    const third = await wrong();
    expect(third.statusCode).toBe(401);
    expect(third.headers['retry-after']).toBe('30');
    // Even the right PIN waits out the lock.
    const locked = await call('POST', '/technician/sign-in', undefined, { pin: TECHNICIAN_PIN });
    expect(locked.statusCode).toBe(429);
    clock += 30_000;
    expect((await wrong()).headers['retry-after']).toBe('60');
    clock += 60_000;
    await signIn(TECHNICIAN_PIN);
    const refusals = eventsNamed(capture.lines, 'technician.sign-in-refused');
    expect(refusals.map((l) => l.reason)).toEqual([
      'wrong-pin',
      'wrong-pin',
      'wrong-pin',
      'locked',
      'wrong-pin',
    ]);
    expect(JSON.stringify(capture.lines)).not.toContain('000000');
  });

  it('checks PINs sent together one after another, so the lockout stops them as it stops PINs typed', async () => {
    clock += 3_600_000;
    await call('POST', '/technician/sign-out', await signIn(TECHNICIAN_PIN));
    const guesses = Array.from({ length: 12 }, (_, i) => String(100000 + i));
    const replies = await Promise.all(
      [...guesses, TECHNICIAN_PIN].map((pin) =>
        call('POST', '/technician/sign-in', undefined, { pin }),
      ),
    );
    const statuses = replies.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(3);
    expect(statuses.slice(3)).toEqual(Array(10).fill(429));
    clock += 30_000;
    await call('POST', '/technician/sign-out', await signIn(TECHNICIAN_PIN));
  });

  it('holds a lock for its length however the wall clock is stepped meanwhile', async () => {
    const wrong = () => call('POST', '/technician/sign-in', undefined, { pin: '000000' });
    const right = () => call('POST', '/technician/sign-in', undefined, { pin: TECHNICIAN_PIN });
    await wrong();
    await wrong();
    expect((await wrong()).headers['retry-after']).toBe('30');
    stepped += 3_600_000;
    expect((await right()).statusCode).toBe(429);
    stepped -= 8 * 3_600_000;
    clock += 29_000;
    const locked = await right();
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('1');
    clock += 1000;
    await call('POST', '/technician/sign-out', await signIn(TECHNICIAN_PIN));
    stepped = 0;
  });

  it('signs a technician in by their own card, as by PIN, and counts an unknown card in the lockout', async () => {
    const place = (key: string) =>
      call('POST', '/dev/id-card', undefined, { action: 'place', key });
    // The development technician's card is 李建国's sample card (config/defaults/technicians.json).
    await place('li-jianguo');
    const byCard = await call('POST', '/technician/card-sign-in');
    expect(byCard.statusCode).toBe(200);
    const { token, session } = byCard.json() as { token: string; session: object };
    expect(session).toEqual({
      account: { id: 'dev-technician', name: '维护人员（开发）', role: 'technician' },
      idleSeconds: 180,
      centreUrl: noCentre.url,
    });
    expect((await call('GET', '/technician/session', token)).statusCode).toBe(200);
    expect(eventsNamed(capture.lines, 'technician.signed-in').at(-1)).toMatchObject({
      account: 'dev-technician',
      method: 'card',
    });
    await call('POST', '/technician/sign-out', token);

    // 王秀英's card belongs to no account: a failed attempt like a wrong PIN.
    await place('wang-xiuying');
    const unknown = await call('POST', '/technician/card-sign-in');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ error: 'unknown-card' });
    const wrong = () => call('POST', '/technician/sign-in', undefined, { pin: '000000' });
    expect((await wrong()).statusCode).toBe(401);
    expect((await wrong()).headers['retry-after']).toBe('30');
    await place('li-jianguo');
    expect((await call('POST', '/technician/card-sign-in')).statusCode).toBe(429);
    clock += 30_000;
    expect((await call('POST', '/technician/card-sign-in')).statusCode).toBe(200);
    await call('POST', '/dev/id-card', undefined, { action: 'remove' });

    // Neither the number nor the name of either card reached the log, and no card event was
    // recorded for the resident side.
    const everything = JSON.stringify(capture.lines);
    for (const secret of ['140902199001080131', '李建国', '140902195301050227', '王秀英']) {
      expect(everything).not.toContain(secret);
    }
    expect(eventsNamed(capture.lines, 'device.id-card.read-finished')).toEqual([]);
    expect(
      eventsNamed(capture.lines, 'technician.sign-in-refused')
        .slice(-4)
        .map((l) => l.reason),
    ).toEqual(['unknown-card', 'wrong-pin', 'wrong-pin', 'locked']);
  });

  it('leaves by itself after the idle minutes, and logs why', async () => {
    const token = await signIn(TECHNICIAN_PIN);
    clock += 2 * 60_000;
    expect((await call('GET', '/technician/session', token)).statusCode).toBe(200);
    clock += 2 * 60_000;
    expect((await call('GET', '/technician/session', token)).statusCode).toBe(200);
    clock += 3 * 60_000;
    expect((await call('GET', '/technician/session', token)).statusCode).toBe(401);
    expect(eventsNamed(capture.lines, 'technician.signed-out').at(-1)).toMatchObject({
      reason: 'idle',
    });
  });

  it('records the session a new sign-in ends: idle if nobody asked for it again, else replaced', async () => {
    const signedOut = () => eventsNamed(capture.lines, 'technician.signed-out');
    const before = signedOut().length;
    // A page reloaded mid-session forgets its token: the session is never asked for again.
    await signIn(TECHNICIAN_PIN);
    await signIn(ADMINISTRATOR_PIN);
    clock += 10 * 60_000;
    const last = await signIn(TECHNICIAN_PIN);
    expect(
      signedOut()
        .slice(before)
        .map((l) => [l.account, l.reason]),
    ).toEqual([
      ['dev-technician', 'replaced'],
      ['dev-administrator', 'idle'],
    ]);
    await call('POST', '/technician/sign-out', last);
  });

  it('probes the printer and saves a connection through the config check, with undo', async () => {
    const token = await signIn(TECHNICIAN_PIN);
    const before = readFileSync(devicesPath, 'utf8');
    const printer = { device: 'printer', connection: { transport: 'simulator' } };
    const probe = await call('POST', '/technician/devices/probe', token, printer);
    expect(probe.json()).toEqual({ answered: true, message: '打印机应答：就绪。' });
    const saved = await call('POST', '/technician/devices/save', token, printer);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ message: '已保存，与正在使用的设置相同。' });
    expect(saved.json()).toMatchObject({
      applied: 'now',
      setup: { canUndo: true, pendingRestart: null },
    });
    expect(existsSync(`${devicesPath}.previous`)).toBe(true);
    const undone = await call('POST', '/technician/devices/undo', token);
    expect(undone.statusCode).toBe(200);
    expect(readFileSync(devicesPath, 'utf8')).toBe(before);
    expect((await call('POST', '/technician/devices/undo', token)).statusCode).toBe(409);
    const actions = eventsNamed(capture.lines, 'technician.action').map((l) => l.action);
    expect(actions).toEqual(expect.arrayContaining(['probe', 'save', 'undo']));
  });

  it('refuses a port that is not there with a clear message, and changes nothing', async () => {
    const token = await signIn(TECHNICIAN_PIN);
    const before = readFileSync(devicesPath, 'utf8');
    const missing = {
      device: 'printer',
      connection: { transport: 'serial', path: '/dev/ttyNOSUCHPORT', baudRate: 9600 },
    };
    const probe = await call('POST', '/technician/devices/probe', token, missing);
    expect(probe.json()).toEqual({
      answered: false,
      message: '没有这个端口：/dev/ttyNOSUCHPORT。请从列表中选择，或检查接线。',
    });
    const saved = await call('POST', '/technician/devices/save', token, missing);
    expect(saved.statusCode).toBe(409);
    expect(saved.json()).toMatchObject({ error: 'device-not-answering' });
    const badBaud = { ...missing, connection: { ...missing.connection, baudRate: 4800 } };
    expect((await call('POST', '/technician/devices/save', token, badBaud)).statusCode).toBe(400);
    expect(readFileSync(devicesPath, 'utf8')).toBe(before);
    expect(existsSync(`${devicesPath}.previous`)).toBe(false);
  });

  it.skipIf(!HAVE_SOCAT)(
    'moves the printer to a virtual serial port at once, prints there, and undoes back to the simulator',
    async () => {
      const pair = socatPair(join(dir.path, 'tty-printer'));
      await pair.plug();
      const simulator = new ReceiptPrinterSimulator(
        createSerialTransport({ path: pair.b, baudRate: 9600 }),
      );
      await simulator.start();
      try {
        const token = await signIn(TECHNICIAN_PIN);
        const serial = {
          device: 'printer',
          connection: { transport: 'serial', path: pair.a, baudRate: 9600 },
        };
        const probe = await call('POST', '/technician/devices/probe', token, serial);
        expect(probe.json()).toEqual({ answered: true, message: '打印机应答：就绪。' });
        const saved = await call('POST', '/technician/devices/save', token, serial);
        expect(saved.json()).toMatchObject({
          applied: 'now',
          message: '已保存，并已改用新的连接。',
          setup: { pendingRestart: null },
        });
        const file = JSON.parse(readFileSync(devicesPath, 'utf8')) as Record<string, unknown>;
        // The printer's own settings stay as they were: the screen changes the connection only.
        expect(file.printer).toEqual({
          ...serial.connection,
          paperWidthMm: 80,
          fourByteGlyphs: false,
          bufferedStatus: true,
        });
        // The running driver now prints over the port, to the simulator on its far end.
        const printed = await call('POST', '/technician/devices/test-print', token);
        expect(printed.json()).toEqual({ printed: true, message: '已打印。' });
        expect(receiptToText(simulator.receipts.at(-1)!)).toContain('打印测试');
        const undone = await call('POST', '/technician/devices/undo', token);
        expect(undone.json()).toMatchObject({ applied: 'now' });
        const view = (await call('GET', '/technician/devices', token)).json() as {
          devices: { device: string; connection: string }[];
        };
        expect(view.devices.find((d) => d.device === 'printer')?.connection).toBe('模拟器');
        const receipts = simulator.receipts.length;
        await call('POST', '/technician/devices/test-print', token);
        expect(simulator.receipts.length).toBe(receipts);
      } finally {
        await simulator.stop();
        await pair.unplug();
      }
    },
  );

  it('keeps a reader at another line speed for the next start, and says so', async () => {
    const token = await signIn(TECHNICIAN_PIN);
    const pair = socatPair(join(dir.path, 'tty-reader'));
    await pair.plug();
    const simulator = new IdCardReaderSimulator(
      createSerialTransport({ path: pair.b, baudRate: 9600 }),
    );
    await simulator.start();
    try {
      const reader = {
        device: 'idCardReader',
        connection: { transport: 'serial', path: pair.a, baudRate: 9600 },
      };
      const probe = await call('POST', '/technician/devices/probe', token, reader);
      expect(probe.json()).toMatchObject({
        answered: true,
        message: expect.stringContaining('模块编号'),
      });
      const saved = await call('POST', '/technician/devices/save', token, reader);
      expect(saved.json()).toMatchObject({
        applied: 'restart',
        setup: { pendingRestart: expect.stringContaining('重启') },
      });
      expect((await call('POST', '/technician/devices/undo', token)).json()).toMatchObject({
        applied: 'now',
      });
    } finally {
      await simulator.stop();
      await pair.unplug();
    }
  });

  it('test-reads a card showing the masked name only', async () => {
    const token = await signIn(TECHNICIAN_PIN);
    await call('POST', '/dev/id-card', undefined, { action: 'place', key: 'wang-xiuying' });
    const read = await call('POST', '/technician/devices/test-read', token);
    expect(read.json()).toEqual({ read: true, maskedName: '王*英', message: '读卡成功：王*英' });
    await call('POST', '/dev/id-card', undefined, { action: 'remove' });
    expect(JSON.stringify(capture.lines)).not.toContain('王秀英');
  });

  it('assembles the readiness report, prints it and queues it for the centre without ports', async () => {
    const token = await signIn(TECHNICIAN_PIN);
    const report = await call('GET', '/technician/readiness', token);
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({
      terminal: { id: 'T-140902001001-01', region: '山西省 忻州市 忻府区 长征街街道' },
      centre: { reachable: false },
      clockOffsetMs: null,
      serviceHours: ['周一至周五 08:30-17:30'],
    });
    const printed = await call('POST', '/technician/readiness/print', token);
    expect(printed.json()).toEqual({ printed: true, message: '已打印。' });
    const state = (await call('GET', '/dev/state')).json() as { receipts: { text: string }[] };
    const text = state.receipts.at(-1)?.text ?? '';
    expect(text).toContain('自检报告');
    expect(text).toContain('终端编号 T-140902001001-01');
    expect(text).toContain('打印机：正常');
    expect(text).toContain('周一至周五 08:30-17:30');
    expect((await call('POST', '/technician/readiness/send', token)).statusCode).toBe(200);
    const db = new Database(join(dir.path, 'data', 'terminal.sqlite'), { readonly: true });
    try {
      const row = db
        .prepare(`SELECT payload FROM outbox WHERE type = 'terminal.readiness-report'`)
        .get() as { payload: string };
      expect(JSON.parse(row.payload)).toMatchObject({
        centreReachable: false,
        outboxPending: expect.any(Number),
      });
      expect(row.payload).not.toContain('模拟器');
    } finally {
      db.close();
    }
  });

  it('answers a database it cannot read with storage-failed in words (503), not 500', async () => {
    const token = await signIn(TECHNICIAN_PIN);
    // Another connection takes the outbox away under the agent: its next read of it fails in
    // SQLite, as a damaged file's would.
    const other = new Database(join(dir.path, 'data', 'terminal.sqlite'));
    other.exec('ALTER TABLE outbox RENAME TO outbox_away');
    try {
      for (const [method, path, outcome] of [
        ['GET', '/technician/readiness', 'not-shown'],
        ['POST', '/technician/readiness/print', 'not-printed'],
        ['POST', '/technician/readiness/send', 'not-queued'],
      ] as const) {
        const reply = await call(method, path, token);
        expect(reply.statusCode, path).toBe(503);
        expect(reply.json(), path).toEqual({
          error: 'storage-failed',
          message: expect.stringContaining('终端的存储（数据库）读不出'),
        });
        expect(eventsNamed(capture.lines, 'technician.action').at(-1), path).toMatchObject({
          account: 'dev-technician',
          outcome,
        });
      }
    } finally {
      other.exec('ALTER TABLE outbox_away RENAME TO outbox');
      other.close();
    }
    expect((await call('GET', '/technician/readiness', token)).statusCode).toBe(200);
  });

  it('keeps the audit log in the terminal database, and shows it to administrators only, newest first', async () => {
    const technician = await signIn(TECHNICIAN_PIN);
    expect((await call('GET', '/technician/audit?limit=5', technician)).statusCode).toBe(403);
    expect((await call('GET', '/technician/audit?limit=5')).statusCode).toBe(401);
    await call('POST', '/technician/sign-out', technician);
    const administrator = await signIn(ADMINISTRATOR_PIN);
    const first = await call('GET', '/technician/audit?limit=5', administrator);
    expect(first.statusCode).toBe(200);
    const page = first.json() as {
      entries: {
        id: number;
        account: string;
        action: string;
        outcome: string;
        subject: string | null;
      }[];
      hasNewer: boolean;
      hasOlder: boolean;
      total: number;
    };
    expect(page.entries.map((e) => [e.account, e.action, e.outcome, e.subject])).toEqual([
      ['dev-administrator', 'audit-view', 'shown', null],
      ['dev-administrator', 'sign-in', 'signed-in', 'pin'],
      ['dev-technician', 'sign-out', 'exit', null],
      ['unknown', 'request', 'refused-401', '/technician/audit'],
      ['dev-technician', 'request', 'refused-403', '/technician/audit'],
    ]);
    expect(page).toMatchObject({ hasNewer: false, hasOlder: true });
    const ids = page.entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // Turning a page is not logged: the second page follows on from the first.
    const next = await call('GET', `/technician/audit?limit=5&before=${ids.at(-1)}`, administrator);
    const second = next.json() as typeof page;
    expect(second.entries[0]).toMatchObject({ account: 'dev-technician', action: 'sign-in' });
    expect(second.hasNewer).toBe(true);
    expect((await call('GET', '/technician/audit?limit=51', administrator)).statusCode).toBe(400);
    const db = new Database(join(dir.path, 'data', 'terminal.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM technician_audit').all();
      const text = JSON.stringify(rows);
      expect(rows.length).toBe(page.total);
      for (const secret of ['246810', '135790', '000000', '140902199001080131', '李建国', '王']) {
        expect(text).not.toContain(secret);
      }
      expect(text).toContain('unknown-card');
    } finally {
      db.close();
    }
  });

  it('lets an administrator enrol, and says in words why it failed', async () => {
    const administrator = await signIn(ADMINISTRATOR_PIN);
    const reply = await call('POST', '/technician/enrol', administrator, {
      centreUrl: noCentre.url,
      token: 'a'.repeat(43),
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      enrolled: false,
      message: expect.stringContaining('连不上中心'),
    });
  });
});

describe('device setup on a terminal started with a serial printer', () => {
  let agent: Agent;
  let noCentre: NetworkSwitch;
  const dir = makeTempDir('technician-serial-start');
  const configDir = join(dir.path, 'config');
  const devicesPath = join(configDir, 'devices.json');

  beforeAll(async () => {
    cpSync(DEFAULT_CONFIG_DIR, configDir, { recursive: true });
    const devices = JSON.parse(readFileSync(devicesPath, 'utf8')) as Record<string, object>;
    devices.printer = {
      ...devices.printer,
      transport: 'serial',
      path: '/dev/ttyNOSUCHPRINTER',
      baudRate: 9600,
    };
    writeFileSync(devicesPath, JSON.stringify(devices, null, 2));
    const loaded = loadTerminalConfig(configDir);
    if (!loaded.ok) throw new Error('the config must be valid');
    noCentre = await openNetworkSwitch();
    agent = await buildAgent({
      ...loaded.value,
      configDir,
      dataDir: join(dir.path, 'data'),
      logger: captureLogger('agent').logger,
      centreUrl: noCentre.url,
    });
  });
  afterAll(async () => {
    await agent.close();
    await noCentre.close();
    dir.remove();
  });

  it('saves the built-in simulator for the next start, as its probe answer says it can be', async () => {
    const call = (path: string, payload: object, token?: string) =>
      agent.server.inject({
        method: 'POST',
        url: `${AGENT_API_PREFIX}${path}`,
        ...(token && { headers: { authorization: `Bearer ${token}` } }),
        payload,
      });
    const token = (
      (await call('/technician/sign-in', { pin: TECHNICIAN_PIN })).json() as { token: string }
    ).token;
    const simulator = { device: 'printer', connection: { transport: 'simulator' } };
    const probe = await call('/technician/devices/probe', simulator, token);
    expect(probe.json()).toEqual({
      answered: false,
      message: '模拟器只能在终端以模拟器启动时检测：保存后重启终端生效。',
    });
    const saved = await call('/technician/devices/save', simulator, token);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({
      applied: 'restart',
      message: '已保存。新的设置在终端重启后生效。',
      setup: { pendingRestart: expect.stringContaining('重启') },
    });
    const file = JSON.parse(readFileSync(devicesPath, 'utf8')) as Record<string, unknown>;
    expect(file.printer).toEqual({
      transport: 'simulator',
      paperWidthMm: 80,
      fourByteGlyphs: false,
      bufferedStatus: true,
    });
  });
});
