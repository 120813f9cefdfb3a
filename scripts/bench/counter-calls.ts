/**
 * The counters' API: calls per second through the console's routes (signed in, over HTTP on
 * loopback), and call-next → `queue-called` received by a hall display's SSE client.
 */
import { get, type IncomingMessage } from 'node:http';
import { openNetworkSwitch } from '@bianmin/common/testing';
import type { TerminalConfigSet } from '@bianmin/config';
import type { CallReply } from '@bianmin/contract';
import { buildAgent } from '@bianmin/device-agent';
import { ms, quiet, stats, temp } from './shared.js';

export async function benchCounterCalls(config: TerminalConfigSet, n = 400): Promise<string[]> {
  // Each call moves the clock past the double-call guard, so no press is ignored.
  let at = Date.parse('2026-03-02T01:00:00Z');
  const guardMs = (config.services.calling.repeatCallGuardSeconds + 1) * 1000;
  const noCentre = await openNetworkSwitch();
  const agent = await buildAgent({
    ...config,
    dataDir: temp('counter'),
    logger: quiet,
    centreUrl: noCentre.url,
    now: () => new Date(at),
  });
  const url = `${await agent.server.listen({ port: 0, host: '127.0.0.1' })}/api/v1`;
  await agent.start();
  const post = (path: string, body: unknown, cookie?: string) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie && { cookie }) },
      body: JSON.stringify(body),
    });
  const cookies = new Map<number, string>();
  for (const counter of [1, 2, 3]) {
    const reply = await post(`/counters/${counter}/sign-in`, { pin: String(counter).repeat(4) });
    cookies.set(counter, reply.headers.get('set-cookie')!.split(';')[0]!);
  }
  for (let i = 0; i < 2 * n; i++) {
    await post('/tickets', {
      requestId: `bench-counter-${i}`,
      serviceId: 'general-enquiry',
      priority: false,
      durationMs: 1000,
    }).then((r) => r.json());
  }

  // A hall display's stream: when each call's ticket number arrives.
  const received = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const stream = await new Promise<IncomingMessage>((resolve, reject) =>
    get(`${url}/events?for=display`, resolve).on('error', reject),
  );
  stream.setEncoding('utf8');
  let buffer = '';
  stream.on('data', (chunk: string) => {
    const now = performance.now();
    buffer += chunk;
    const messages = buffer.split('\n\n');
    buffer = messages.pop()!;
    for (const message of messages) {
      const data = /^data: (.*)$/m.exec(message)?.[1];
      if (!data?.includes('queue-called')) continue;
      const number = (JSON.parse(data) as { call: { ticketNumber: string } }).call.ticketNumber;
      received.set(number, now);
      waiters.get(number)?.();
    }
  });

  // One counter pressing 下一位 as fast as replies come, each reply awaited with its event.
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    at += guardMs;
    const sent = performance.now();
    const reply = await post('/counters/1/call-next', {}, cookies.get(1));
    const number = ((await reply.json()) as CallReply).ticket!.number;
    if (!received.has(number)) await new Promise<void>((r) => waiters.set(number, r));
    latencies.push(received.get(number)! - sent);
  }
  const sequentialPerSecond = n / ((performance.now() - started) / 1000);

  // Three counters pressing at once, n/3 rounds.
  const rounds = Math.floor(n / 3);
  const concurrentStart = performance.now();
  for (let round = 0; round < rounds; round++) {
    at += guardMs;
    await Promise.all(
      [1, 2, 3].map((c) =>
        post(`/counters/${c}/call-next`, {}, cookies.get(c)).then((r) => r.json()),
      ),
    );
  }
  const concurrentPerSecond = (rounds * 3) / ((performance.now() - concurrentStart) / 1000);

  stream.destroy();
  await agent.close();
  await noCentre.close();
  const s = stats(latencies);
  return [
    `counter console API: call-next ${sequentialPerSecond.toFixed(0)} calls/s one counter after another, ${concurrentPerSecond.toFixed(0)} calls/s with 3 counters at once (${n} and ${rounds * 3} calls)`,
    `call-next sent → queue-called received by a hall display's SSE client: p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (${s.n} calls)`,
  ];
}
