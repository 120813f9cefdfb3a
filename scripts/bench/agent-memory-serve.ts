/**
 * An agent alone in its process, run like the memory benchmark's child (bundled, with the
 * agent's production Node flags) so another measurement can time it from outside: the card
 * latency under those flags (`agent-memory.ts card-latency`). Its devices configuration comes
 * in BENCH_DEVICES (JSON); it answers the parent's 'stop'.
 */
// As the agent's entry does first (device-agent/src/main.ts).
import '../../device-agent/src/v8-flags.js';
import type { DevicesConfig } from '@bianmin/config';

const { DEFAULT_CONFIG_DIR, loadTerminalConfig } = await import('@bianmin/config');
const { buildAgent } = await import('@bianmin/device-agent');
const { quiet, temp } = await import('./shared.js');

const config = loadTerminalConfig(DEFAULT_CONFIG_DIR);
if (!config.ok) throw new Error('default config invalid');
const agent = await buildAgent({
  ...config.value,
  devices: JSON.parse(process.env.BENCH_DEVICES!) as DevicesConfig,
  dataDir: temp('serve'),
  logger: quiet,
  centreUrl: process.env.BENCH_CENTRE_URL!,
});
const url = await agent.server.listen({ port: 0, host: '127.0.0.1' });
await agent.start();
process.once('message', () => {
  void agent.close().then(() => process.disconnect());
});
process.send!({ url });
