import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger, makeTempDir, openNetworkSwitch } from '@bianmin/common/testing';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import type { CallReply, TicketResponse } from '@bianmin/contract';
import { buildAgent, type Agent } from '../agent/app.js';

const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!loaded.ok) throw new Error('the default config must be valid');
const config = loaded.value;
const ROUNDS = 60;

/**
 * Counters 1 and 3 both call 综合咨询 (general-enquiry) once their own first queue is empty
 * (config/defaults/services.json). Each round issues two such tickets and both counters press
 * 下一位 at the same moment, over real HTTP on loopback with separate connections.
 */
describe('two counters calling at once', () => {
  let agent: Agent;
  let url: string;
  let at = new Date('2026-03-02T01:00:00Z');
  const dataDir = makeTempDir('counter-concurrency');
  let close: () => Promise<void>;
  const cookies = new Map<number, string>();

  beforeAll(async () => {
    const noCentre = await openNetworkSwitch();
    agent = await buildAgent({
      ...config,
      // Spoken calls are not what this measures; espeak-ng would take a core for 120 of them.
      devices: { ...config.devices, speech: { ...config.devices.speech!, engine: 'simulator' } },
      dataDir: dataDir.path,
      logger: captureLogger('agent').logger,
      centreUrl: noCentre.url,
      now: () => at,
    });
    url = `${await agent.server.listen({ port: 0, host: '127.0.0.1' })}/api/v1`;
    close = async () => {
      await agent.close();
      await noCentre.close();
      dataDir.remove();
    };
    for (const counter of [1, 3]) {
      const reply = await post(`/counters/${counter}/sign-in`, { pin: String(counter).repeat(4) });
      cookies.set(counter, reply.headers.get('set-cookie')!.split(';')[0]!);
    }
  });
  afterAll(async () => close());

  const post = (path: string, body: object, counter?: number) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(counter !== undefined && { cookie: cookies.get(counter)! }),
      },
      body: JSON.stringify(body),
    });

  it('never gives them the same ticket, round after round', async () => {
    const issued: string[] = [];
    const called: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of [0, 1]) {
        const reply = await post('/tickets', {
          requestId: `concurrency-${round}-${n}`,
          serviceId: 'general-enquiry',
          priority: false,
          durationMs: 1000,
        });
        issued.push(((await reply.json()) as TicketResponse).ticket.number);
      }
      // Past the double-call guard, so neither press is ignored.
      at = new Date(at.getTime() + 60_000);
      const replies = await Promise.all(
        [1, 3].map(async (counter) => {
          const reply = await post(`/counters/${counter}/call-next`, {}, counter);
          expect(reply.status).toBe(200);
          return (await reply.json()) as CallReply;
        }),
      );
      for (const reply of replies) {
        expect(reply.ignored).toBe(false);
        called.push(reply.ticket!.number);
      }
      expect(replies[0]!.ticket!.number).not.toBe(replies[1]!.ticket!.number);
    }
    expect(new Set(called).size).toBe(ROUNDS * 2);
    expect([...called].sort()).toEqual([...issued].sort());
  });
});
