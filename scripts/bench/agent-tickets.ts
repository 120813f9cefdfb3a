/** Agent HTTP: issue + print a ticket (ESC/POS bytes to the simulated printer, status checks). */
import type { TerminalConfigSet } from '@bianmin/config';
import { ms, startAgent, stats } from './shared.js';

export async function benchAgentTickets(config: TerminalConfigSet, n = 300): Promise<string> {
  const agent = await startAgent(config, 'agent');
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const reply = await agent.post('/tickets', {
      requestId: `bench-http-${i}`,
      serviceId: 'medical-insurance',
      priority: false,
      durationMs: 1000,
    });
    await reply.json();
    samples.push(performance.now() - t0);
  }
  await agent.close();
  const s = stats(samples);
  return `agent POST /api/v1/tickets incl. printing on the simulator: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}`;
}
