/**
 * Centre ingest: 100-event batches over HTTP into SQLite (synchronous=FULL) with dedupe by
 * (terminal, seq), each batch signed by an enrolled terminal; one sequential client
 * (latency) and 8 concurrent terminals (throughput).
 */
import { randomBytes } from 'node:crypto';
import {
  createCentreAdminClient,
  createTerminalRequest,
  startCentral,
} from '@bianmin/sync/central';
import { enrolInMemory, signedFetch } from '../../sync/src/testing/enrol.js';
import { ms, stats, temp } from './shared.js';

export async function benchCentreIngest(): Promise<string[]> {
  const adminToken = randomBytes(32).toString('base64url');
  const started = await startCentral({
    port: 0,
    host: '127.0.0.1',
    dataDir: temp('central'),
    trust: { adminToken },
  });
  if (!started.ok) throw new Error(started.error.detail);
  const central = started.value;
  const admin = createCentreAdminClient({ centreUrl: central.url, adminToken });
  const enrol = async (terminalId: string) => {
    const region = { name: '忻府区', code: '140902' };
    const created = await admin.createTerminal(
      createTerminalRequest({
        terminalId,
        name: terminalId,
        community: { name: '长征街社区居民委员会', code: '140902001001', kind: 'urban' },
        region: { street: region, county: region, city: region, province: region },
      }),
    );
    if (!created.ok) throw new Error(created.error.message);
    const token = created.value.enrolmentToken;
    return enrolInMemory({ centreUrl: central.url, terminalId, token });
  };
  const createdAt = new Date().toISOString();
  const sendBatches = async (terminalId: string, batches: number, samples: number[]) => {
    const credentials = await enrol(terminalId);
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
      const body = JSON.stringify({ terminalId, sentAt: new Date().toISOString(), events });
      const reply = await signedFetch(
        central.url,
        '/api/v1/events',
        credentials,
        Buffer.from(body),
      );
      if (!reply.ok) throw new Error(`ingest answered ${reply.status}: ${await reply.text()}`);
      await reply.json();
      samples.push(performance.now() - t0);
    }
  };
  const lines: string[] = [];
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
    lines.push(
      `centre ingest, ${clients} concurrent terminal(s), 100-event batches: ${(batches / seconds).toFixed(0)} batches/s (${((batches * 100) / seconds).toFixed(0)} events/s); p50 ${ms(s.p50)}, p99 ${ms(s.p99)}`,
    );
  }
  await central.close();
  return lines;
}
