/**
 * The terminal of the crash trial (crash-trial.ts): the real ticket store, outbox and
 * uploader on the terminal's SQLite file in CRASH_TERMINAL_DIR, issuing a ticket every few
 * milliseconds while the centre behind CRASH_CENTRE_URL is killed and started again. It may
 * be killed too; started again on the same file it carries on in the same epoch. It waits,
 * loaded, for the parent's `start`.
 */
import { join } from 'node:path';
import { createLogger, type EventLogger } from '@bianmin/common';
import { createOutbox } from '@bianmin/sync/outbox';
import { createUploader } from '@bianmin/sync/uploader';
import { openTerminalDatabase } from '../../../device-agent/src/queue/terminal-database.js';
import { createTicketStore } from '../../../device-agent/src/queue/ticket-store.js';
import { fileKeyStore, loadTerminalCredentials } from '@bianmin/sync/terminal-identity';
import {
  CRASH_TERMINAL_ID,
  CRASH_TERMINAL_IDENTITY,
  type LoadedMessage,
  type ParentMessage,
  type TerminalChildMessage,
} from './messages.js';

const ISSUE_EVERY_MS = 4;
const SERVICES = [
  { id: 'social-security', name: '社保查询', ticketPrefix: 'A' },
  { id: 'medical-insurance', name: '医保业务', ticketPrefix: 'B' },
];

const dir = process.env.CRASH_TERMINAL_DIR;
const centreUrl = process.env.CRASH_CENTRE_URL;
const enrolmentToken = process.env.CRASH_ENROLMENT_TOKEN;
if (dir === undefined || centreUrl === undefined || enrolmentToken === undefined) {
  throw new Error('CRASH_* is not set');
}
const say = (message: TerminalChildMessage) => process.send?.(message);
await new Promise<void>((go) => {
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'start') go();
  });
  const loaded: LoadedMessage = { type: 'loaded' };
  process.send?.(loaded);
});

const opened = openTerminalDatabase(join(dir, 'terminal.sqlite'));
if (!opened.ok) throw new Error(opened.error.message);
const db = opened.value;
const outbox = createOutbox(db);
const tickets = createTicketStore(db, outbox, { timeZone: 'Asia/Shanghai' });

// The key file survives kills like the outbox does; a restart before enrolment finished
// enrols again with the same key and token.
const loaded = loadTerminalCredentials({
  terminalId: CRASH_TERMINAL_ID,
  store: fileKeyStore(dir),
  enrolmentToken,
});
if (!loaded.ok) throw new Error(loaded.error.detail);
const credentials = loaded.value;

const quiet = createLogger('crash-terminal', { level: 'silent' });
const logger: EventLogger = {
  pino: quiet.pino,
  event(id, fields) {
    if (id === 'sync.batch-sent') say({ type: 'acked', ackedUpTo: outbox.ackedUpTo() });
    quiet.event(id, fields);
  },
};
const uploader = createUploader({
  outbox,
  terminalId: CRASH_TERMINAL_ID,
  centreUrl,
  credentials,
  heartbeat: () => ({ terminal: CRASH_TERMINAL_IDENTITY, devices: {} }),
  uploadIntervalMs: 50,
  heartbeatIntervalMs: 200,
  batchSize: 50,
  requestTimeoutMs: 2000,
  logger,
});

let issued = 0;
let timer: NodeJS.Timeout | undefined = setInterval(() => {
  issued += 1;
  const result = tickets.issue({
    requestId: `${process.pid}-${issued}`,
    service: SERVICES[issued % SERVICES.length]!,
    priority: issued % 7 === 0,
    durationMs: issued,
  });
  if (!result.ok) throw new Error(result.error.kind);
  uploader.nudge();
}, ISSUE_EVERY_MS);

uploader.start();
say({ type: 'ready', epoch: outbox.epoch() });

process.on('message', (message: ParentMessage) => {
  if (message.type !== 'drain' || timer === undefined) return;
  clearInterval(timer);
  timer = undefined;
  const lastSeq = db.prepare('SELECT MAX(seq) FROM outbox').pluck().get() as number;
  const check = setInterval(() => {
    if (outbox.ackedUpTo() < lastSeq) return;
    clearInterval(check);
    void uploader.stop().then(() => {
      db.close();
      const drained: TerminalChildMessage = { type: 'drained', lastSeq };
      process.send?.(drained, () => process.exit(0));
    });
  }, 20);
});
