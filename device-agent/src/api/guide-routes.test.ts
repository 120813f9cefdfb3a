import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { defaultConfig, useDefaultAgent } from '../agent/default-agent.fixture.js';

/** A guide service of the default catalogue that stays enabled here, and one that does not. */
const GUIDE = 'social-security-card';
const DISABLED = 'medical-e-voucher';
const guide = defaultConfig.services.services.find((s) => s.id === GUIDE)?.guide;
if (!guide) throw new Error(`the default catalogue has a guide for ${GUIDE}`);

describe('POST /guides/print', () => {
  const captured = captureLogger('agent');
  const terminal = useDefaultAgent('guide-routes', {
    logger: captured.logger,
    services: {
      ...defaultConfig.services,
      services: defaultConfig.services.services.map((s) =>
        s.id === DISABLED ? { ...s, enabled: false } : s,
      ),
    },
  });

  const post = (url: string, payload: object, remoteAddress = '127.0.0.1') =>
    terminal.agent.server.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      payload,
      remoteAddress,
    });
  const receipts = async () =>
    (
      (await terminal.agent.server.inject({ method: 'GET', url: '/api/v1/dev/state' })).json() as {
        receipts: { text: string }[];
      }
    ).receipts.map((r) => r.text);
  const outboxRows = () => {
    const file = new Database(join(terminal.dataDir, 'terminal.sqlite'), { readonly: true });
    try {
      return (file.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    } finally {
      file.close();
    }
  };

  it("prints the service's Chinese guide from the catalogue, without a QR code", async () => {
    const before = outboxRows();
    const reply = await post('/guides/print', { serviceId: GUIDE });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ ok: true });
    const text = (await receipts()).at(-1) ?? '';
    expect(text).toContain('办事指南');
    expect(text).toContain(defaultConfig.terminal.community.name);
    for (const heading of ['【办理什么】', '【要带的材料】', '【办理步骤】', '【在哪里办】']) {
      expect(text).toContain(heading);
    }
    // Long items wrap at the paper's width, so each is looked for across the line ends.
    const unwrapped = text.replaceAll('\n', '');
    guide.steps.forEach((step, i) => expect(unwrapped).toContain(`${i + 1}. ${step['zh-CN']}`));
    expect(text).not.toContain('[QR');
    // A printout commits nothing: no usage event waits for the centre.
    expect(outboxRows()).toBe(before);
  });

  it('logs the service and the outcome, and nothing else', async () => {
    const before = eventsNamed(captured.lines, 'guide.slip-printed').length;
    await post('/guides/print', { serviceId: GUIDE });
    const logged = eventsNamed(captured.lines, 'guide.slip-printed');
    expect(logged).toHaveLength(before + 1);
    const line = logged.at(-1)!;
    expect(line).toMatchObject({ serviceId: GUIDE, outcome: 'ok' });
    // The logger's own keys, and the two fields: no text of the guide, nothing of the page.
    expect(Object.keys(line).sort()).toEqual(
      ['event', 'eventType', 'level', 'msg', 'outcome', 'service', 'serviceId', 'time'].sort(),
    );
  });

  it('answers 404 for a queue without a guide, a disabled service and an unknown id', async () => {
    const before = await receipts();
    for (const serviceId of ['social-security', DISABLED, 'no-such-service']) {
      const reply = await post('/guides/print', { serviceId });
      expect(reply.statusCode, serviceId).toBe(404);
      expect(reply.json()).toEqual({ error: 'unknown-guide', message: expect.any(String) });
    }
    expect(await receipts()).toEqual(before);
  });

  it('refuses anything but a service id at the boundary', async () => {
    const extra = await post('/guides/print', { serviceId: GUIDE, text: '任意内容' });
    expect(extra.statusCode).toBe(400);
    expect((await post('/guides/print', { serviceId: '' })).statusCode).toBe(400);
    expect((await post('/guides/print', {})).statusCode).toBe(400);
  });

  it('says why a guide did not print when the paper is out', async () => {
    await post('/dev/printer', { paper: 'out' });
    try {
      const reply = await post('/guides/print', { serviceId: GUIDE });
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toEqual({ ok: false, reason: 'no-paper' });
      expect(eventsNamed(captured.lines, 'guide.slip-printed').at(-1)).toMatchObject({
        serviceId: GUIDE,
        outcome: 'no-paper',
      });
    } finally {
      await post('/dev/printer', { paper: 'ok' });
    }
  });

  it("refuses the hall's machines: only the kiosk on this terminal may print", async () => {
    const before = await receipts();
    const reply = await post('/guides/print', { serviceId: GUIDE }, '192.168.10.31');
    expect(reply.statusCode).toBe(403);
    expect(reply.json()).toMatchObject({ error: 'not-this-machine' });
    expect(await receipts()).toEqual(before);
  });
});
