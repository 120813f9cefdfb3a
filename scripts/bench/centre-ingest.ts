/**
 * Centre ingest: 100-event batches over HTTP into SQLite (synchronous=FULL) with dedupe by
 * (terminal, seq); one sequential client (latency) and 8 concurrent terminals (throughput).
 */
import { startCentral } from '@bianmin/sync/central';
import { ms, stats, temp } from './shared.js';

export async function benchCentreIngest(): Promise<string[]> {
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
