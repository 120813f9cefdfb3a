/**
 * The centre of the crash trial (crash-trial.ts): a real central service on its SQLite file
 * in CRASH_CENTRE_DIR, port 0, killed with SIGKILL at random moments and started again. It
 * waits, loaded, for the parent's `start`.
 */
import { startCentral } from '@bianmin/sync/central';
import type { CentreChildMessage, LoadedMessage, ParentMessage } from './messages.js';

const dataDir = process.env.CRASH_CENTRE_DIR;
if (dataDir === undefined) throw new Error('CRASH_CENTRE_DIR is not set');
await new Promise<void>((go) => {
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'start') go();
  });
  const loaded: LoadedMessage = { type: 'loaded' };
  process.send?.(loaded);
});
const started = await startCentral({ port: 0, host: '127.0.0.1', dataDir });
if (!started.ok) throw new Error(started.error.detail);
const central = started.value;
const listening: CentreChildMessage = {
  type: 'listening',
  port: Number(new URL(central.url).port),
};
process.send?.(listening);
process.once('SIGTERM', () => {
  void central.close().then(() => process.exit(0));
});
