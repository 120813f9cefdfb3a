import { createPeriodic, type EventLogger, type Periodic } from '@bianmin/common';
import type { TerminalConfig } from '@bianmin/config';
import type { Outbox } from '@bianmin/sync/outbox';
import { createUploader, type UploaderOptions } from '@bianmin/sync/uploader';
import type { NoticePort } from '../notices/index.js';
import { createRemoteConfig, type RemoteStart } from '../remote-config/index.js';
import type { SessionActivity } from '../remote-config/session-activity.js';
import {
  discardEnrolmentTokenFile,
  fileKeyStore,
  loadTerminalCredentials,
  readEnrolmentToken,
} from '@bianmin/sync/terminal-identity';
import {
  switchableCredentials,
  type SwitchableCredentials,
} from '../technician/switchable-credentials.js';

/**
 * The terminal's key and identity; throws if the key cannot be used. The key lives in the
 * data folder (mode 0600) and never leaves it (docs/protocol.md).
 */
export function loadIdentity(options: {
  terminalId: string;
  dataDir: string;
  enrolmentToken: string | undefined;
  now: () => Date;
}): SwitchableCredentials {
  const credentials = loadTerminalCredentials({
    terminalId: options.terminalId,
    store: fileKeyStore(options.dataDir),
    enrolmentToken: readEnrolmentToken(options.dataDir, options.enrolmentToken),
    onEnrolled: () => discardEnrolmentTokenFile(options.dataDir),
    now: options.now,
  });
  if (!credentials.ok)
    throw new Error(`the terminal key cannot be used: ${credentials.error.detail}`);
  // Replaceable, so an enrolment from the technician screen takes effect without a restart.
  return switchableCredentials(credentials.value);
}

/**
 * The terminal's link to the centre: the uploader (events, heartbeats) and the remote
 * configuration it fetches through it.
 */
export function connectCentre(options: {
  terminal: TerminalConfig;
  centreUrl: string;
  outbox: Outbox;
  identity: SwitchableCredentials;
  heartbeat: UploaderOptions['heartbeat'];
  notices: NoticePort;
  sessions: SessionActivity;
  dataDir: string;
  remote: RemoteStart | undefined;
  logger: EventLogger;
  now: () => Date;
}) {
  const { terminal, logger, now } = options;
  const remoteConfig = createRemoteConfig({
    dataDir: options.dataDir,
    terminalId: terminal.terminalId,
    communityCode: terminal.community.code,
    running: options.remote?.running,
    fetch: (running) => uploader.fetchConfig(running),
    notices: options.notices,
    sessions: options.sessions,
    // Without a supervisor (tests of the agent alone) a kept document waits for a restart.
    applyAtIdle: options.remote?.applyAtIdle ?? (() => undefined),
    logger,
    now,
  });
  const uploader = createUploader({
    outbox: options.outbox,
    terminalId: terminal.terminalId,
    credentials: options.identity.credentials,
    centreUrl: options.centreUrl,
    uploadIntervalMs: terminal.centre.uploadIntervalSeconds * 1000,
    heartbeatIntervalMs: terminal.centre.heartbeatIntervalSeconds * 1000,
    logger,
    now,
    // The uploader adds the id, interval and outbox count, and copies only allowed fields.
    heartbeat: options.heartbeat,
    configVersion: () => remoteConfig.version(),
    onConfigAvailable: (version) => void remoteConfig.available(version),
    onCentreConfigKey: (key) => remoteConfig.pinKey(key),
  });
  return { uploader, remoteConfig };
}

/**
 * Acknowledged events are kept to refill a centre restored from a backup, then pruned so
 * the disk never fills.
 */
export function createOutboxPruning(
  outbox: Outbox,
  keepAcknowledgedDays: number,
  logger: EventLogger,
): Periodic {
  return createPeriodic({
    task: () => outbox.prune(keepAcknowledgedDays),
    intervalMs: 24 * 3600 * 1000,
    onError: (error) =>
      logger.event('sync.outbox-prune-failed', {
        error: error instanceof Error ? error.name : 'unknown',
      }),
  });
}
