/**
 * `npm run bench`: the performance figures in docs/benchmarks.md. Every part is real: SQLite
 * files with synchronous=FULL, HTTP on loopback, protocol bytes through the simulators, and
 * Debian's chromium for the kiosk journey.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chromium } from '@playwright/test';
import { createLogger } from '@bianmin/common';
import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';
import { buildAgent, createMemoryPair } from '@bianmin/device-agent';
import {
  IdCardReader,
  IdCardReaderSimulator,
  SAMPLE_IDENTITIES,
} from '../device-agent/src/id-card/index.js';
import { createTicketStore } from '../device-agent/src/queue/ticket-store.js';
import { openTerminalDatabase } from '../device-agent/src/queue/terminal-database.js';
import { createOutbox } from '@bianmin/sync/outbox';
import { startCentral } from '@bianmin/sync/central';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium.js';
import { openNetworkSwitch } from '@bianmin/common/testing';
import { startStack } from './stack.js';
import { fuzzParsers } from './bench/fuzz.js';
import { openSse } from '../tests/integration/sse-client.js';

const quiet = createLogger('bench', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const temp = (p: string) => mkdtempSync(join(tmpdir(), `bianmin-bench-${p}-`));

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1)! };
}
const ms = (x: number) => `${x.toFixed(2)} ms`;
const results: string[] = [];
const report = (line: string) => {
  results.push(line);
  console.log(line);
};

const config = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!config.ok) throw new Error('default config invalid');

// 1. Ticket + usage event in one SQLite transaction (synchronous=FULL).
{
  const opened = openTerminalDatabase(join(temp('store'), 'terminal.sqlite'));
  if (!opened.ok) throw new Error(opened.error.message);
  const db = opened.value;
  const outbox = createOutbox(db);
  const store = createTicketStore(db, outbox, { timeZone: 'Asia/Shanghai' });
  const service = { id: 'social-security', name: '社保业务', ticketPrefix: 'A' };
  const n = 2000;
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    store.issue({
      requestId: `bench-${i}-request`,
      service,
      priority: i % 5 === 0,
      durationMs: 1000,
    });
    samples.push(performance.now() - t0);
  }
  const s = stats(samples);
  const perSecond = n / ((performance.now() - started) / 1000);
  report(
    `ticket store: ${perSecond.toFixed(0)} tickets/s (one transaction each, FULL sync); p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`,
  );
  db.close();
}

// 2. ID-card read (status, find, select, read: 1295-byte reply) through the simulator's bytes.
{
  const pair = createMemoryPair('bench-reader');
  const simulator = new IdCardReaderSimulator(pair.device);
  await simulator.start();
  const reader = new IdCardReader(pair.host);
  const samples: number[] = [];
  for (let i = 0; i < 200; i++) {
    simulator.removeCard();
    simulator.placeCard(SAMPLE_IDENTITIES[0]!.holder);
    const t0 = performance.now();
    const read = await reader.readCard();
    samples.push(performance.now() - t0);
    if (!read.ok) throw new Error(`read failed: ${read.error.kind}`);
  }
  const s = stats(samples);
  report(
    `ID-card read via simulator (no wire delay): p50 ${ms(s.p50)}, p99 ${ms(s.p99)} (a real reader at 115200 baud adds ~112 ms of wire time)`,
  );
  await reader.close();
  await simulator.stop();
}

// 3. Agent HTTP: issue + print a ticket (ESC/POS bytes to the simulated printer, status checks).
{
  // No centre: this measures the terminal alone.
  const noCentre = await openNetworkSwitch();
  const agent = await buildAgent({
    ...config.value,
    dataDir: temp('agent'),
    logger: quiet,
    centreUrl: noCentre.url,
  });
  const url = await agent.server.listen({ port: 0, host: '127.0.0.1' });
  await agent.start();
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now();
    const reply = await fetch(`${url}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requestId: `bench-http-${i}`,
        serviceId: 'medical-insurance',
        priority: false,
        durationMs: 1000,
      }),
    });
    await reply.json();
    samples.push(performance.now() - t0);
  }
  const s = stats(samples);
  report(
    `agent POST /api/v1/tickets incl. printing on the simulator: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}`,
  );
  await agent.close();
  await noCentre.close();
}

// 3b. A card placed (the development route) until the kiosk's stream carries its summary:
//     the agent's card watcher polls the reader every 300 ms while a kiosk watches.
{
  const noCentre = await openNetworkSwitch();
  const agent = await buildAgent({
    ...config.value,
    dataDir: temp('agent-events'),
    logger: quiet,
    centreUrl: noCentre.url,
  });
  const url = await agent.server.listen({ port: 0, host: '127.0.0.1' });
  await agent.start();
  const post = (path: string, body: unknown) =>
    fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const stream = await openSse(`${url}/api/v1/events`);
  await stream.next('resync');
  await post('/id-card/watch', { on: true });
  const samples: number[] = [];
  const runs = 20;
  for (let i = 0; i < runs; i++) {
    // A resident places a card at any moment of the poll interval: spread the placements
    // evenly over one interval after the poll that saw the last card go.
    await new Promise((resolve) => setTimeout(resolve, (i * 300) / runs));
    const t0 = performance.now();
    await post('/dev/id-card', { action: 'place', key: SAMPLE_IDENTITIES[0]!.key });
    await stream.next('card-read');
    samples.push(performance.now() - t0);
    // The module answers "no card" after a read: the watcher reports the card gone.
    await stream.next('card-removed');
  }
  const s = stats(samples);
  report(
    `card placed (dev route) to card-read on an SSE client, watcher polling every 300 ms, placements spread over the interval: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} over ${s.n} runs`,
  );
  stream.close();
  await agent.close();
  await noCentre.close();
}

// 4. Centre ingest: 100-event batches over HTTP into SQLite (synchronous=FULL) with dedupe by
//    (terminal, seq); one sequential client (latency) and 8 concurrent terminals (throughput).
{
  const started = await startCentral({ port: 0, host: '127.0.0.1', dataDir: temp('central') });
  if (!started.ok) throw new Error(started.error.detail);
  const central = started.value;
  const createdAt = new Date().toISOString();
  const sendBatches = async (terminalId: string, batches: number, samples: number[]) => {
    for (let b = 0; b < batches; b++) {
      const events = Array.from({ length: 100 }, (_, i) => ({
        seq: b * 100 + i + 1,
        type: 'ticket.issued',
        createdAt,
        payload: {
          serviceId: 'social-security',
          serviceName: '社保业务',
          ticketNumber: 'A001',
          priority: false,
          durationMs: 1000,
        },
      }));
      const t0 = performance.now();
      const reply = await fetch(`${central.url}/api/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ terminalId, sentAt: new Date().toISOString(), events }),
      });
      if (!reply.ok) throw new Error(`ingest answered ${reply.status}: ${await reply.text()}`);
      await reply.json();
      samples.push(performance.now() - t0);
    }
  };
  for (const clients of [1, 8]) {
    const samples: number[] = [];
    const perClient = clients === 1 ? 300 : 60;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: clients }, (_, c) =>
        sendBatches(`T-bench-${clients}-${c}`, perClient, samples),
      ),
    );
    const seconds = (performance.now() - t) / 1000;
    const batches = clients * perClient;
    const s = stats(samples);
    report(
      `centre ingest, ${clients} concurrent terminal(s), 100-event batches: ${(batches / seconds).toFixed(0)} batches/s (${((batches * 100) / seconds).toFixed(0)} events/s); p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`,
    );
  }
  await central.close();
}

// 5. The resident's path in a real browser: touch 排队取号 -> service -> card read -> ticket shown.
{
  const stack = await startStack({
    dataDir: temp('stack'),
    output: { logDir: temp('stack-logs') },
  });
  const browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  try {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      await page.goto(stack.urls.kiosk);
      await page.locator('[data-screen="home"]').waitFor();
      await fetch(`${stack.urls.agent}/api/v1/dev/id-card`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'remove' }),
      });
      await fetch(`${stack.urls.agent}/api/v1/dev/id-card`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'place', key: SAMPLE_IDENTITIES[0]!.key }),
      });
      const t0 = performance.now();
      await page.getByRole('button', { name: '排队取号' }).click();
      await page.getByRole('button', { name: /社保业务/ }).click();
      await page.locator('[data-screen="ticket-shown"]').waitFor();
      samples.push(performance.now() - t0);
    }
    const s = stats(samples);
    report(
      `kiosk in Chromium, touch 排队取号 to ticket shown (card already on the reader, elderly: no priority question): p50 ${ms(s.p50)}, max ${ms(s.max)} over ${s.n} runs`,
    );
  } finally {
    await browser.close();
    await stack.stop();
  }
}

// 6. Fuzz every byte parser: no input may crash or hang it (FUZZ_INPUTS for a shorter run).
{
  const inputs = Number(process.env.FUZZ_INPUTS ?? 1_000_000);
  for (const o of fuzzParsers(inputs)) {
    report(
      `fuzz ${o.parser}: ${o.inputs.toLocaleString('en')} inputs, ${o.crashes} crashes, ${o.hangs} hangs, slowest ${o.slowestMs.toFixed(1)} ms, ${o.seconds.toFixed(1)} s${o.firstCrash ? `; first crash: ${o.firstCrash}` : ''}`,
    );
  }
}

console.log(`\nnode ${process.version}, ${new Date().toISOString()}`);
