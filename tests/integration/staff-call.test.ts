import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffCallAnswer, StaffCallsReply } from '@bianmin/contract';
import { openSse } from './sse-client.js';
import { startRunningAgent, type RunningAgent } from './running-agent.js';

/** 呼叫工作人员 from the kiosk to the counters' consoles, over the agent's real HTTP. */
describe('a resident calls staff', () => {
  let running: RunningAgent;
  beforeEach(async () => {
    running = await startRunningAgent('staff-call');
  });
  afterEach(() => running.close());

  /** A counter's console: signed in with the sample PIN (config/defaults/services.json). */
  const counter = async (number: number) => {
    const signedIn = await running.post(`/counters/${number}/sign-in`, {
      pin: String(number).repeat(4),
    });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const call = (method: 'GET' | 'POST', path: string, body?: unknown) =>
      fetch(`${running.url}/api/v1${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    return {
      open: async () =>
        ((await (await call('GET', '/staff-calls')).json()) as StaffCallsReply).calls,
      answer: (id: number) => call('POST', `/counters/${number}/answer-staff-call`, { id }),
    };
  };

  it('shows the call on every console at once, and one counter takes it for all', async () => {
    const consoles = await openSse(`${running.url}/api/v1/events?for=display`);
    await consoles.next('resync');
    const [first, second] = [await counter(1), await counter(2)];

    expect((await running.post('/staff-call', { screen: 'guide' })).status).toBe(202);
    const { call } = await consoles.next('staff-called');
    expect(call).toMatchObject({ id: 1, screen: 'guide' });
    // A console that connects (or reloads) later finds it in the list.
    expect(await second.open()).toEqual([call]);

    const answered = await first.answer(call.id);
    expect(answered.status).toBe(200);
    const answer: StaffCallAnswer = { id: call.id, counter: 1, counterName: '1号窗口 人社' };
    expect(await answered.json()).toEqual(answer);
    expect((await consoles.next('staff-call-answered')).answer).toEqual(answer);
    expect(await second.open()).toEqual([]);

    // The second console pressed too late: told so in its own words, nothing changes.
    const late = await second.answer(call.id);
    expect(late.status).toBe(404);
    expect(await late.json()).toMatchObject({ error: 'staff-call-gone' });
  });

  it('answers the consoles only once signed in', async () => {
    const reply = await fetch(`${running.url}/api/v1/staff-calls`);
    expect(reply.status).toBe(401);
  });
});
