import type { EventLogger, Result } from '@bianmin/common';
import type { ConfigKey } from '@bianmin/contract';
import { checkDocument, type AcceptedDocument } from './check.js';
import { readCentreConfigKey, writeCentreConfigKey } from './centre-key.js';
import { createDocumentStore, storedVersion } from './document-store.js';
import type { NoticePort } from '../notices/index.js';
import { restartPartsDiffer } from './overlay.js';
import type { SessionActivity } from './session-activity.js';

export interface RemoteConfigOptions {
  dataDir: string;
  terminalId: string;
  communityCode: string;
  /** The document this start runs, as the supervisor checked and overlaid it. */
  running: AcceptedDocument | undefined;
  /** The uploader's signed fetch of the document (its reply is checked here). */
  fetch: (running: number) => Promise<Result<unknown, { kind: string; detail: string }>>;
  /** The kiosk's notice board: each call replaces what the home screen shows. */
  notices: NoticePort;
  sessions: SessionActivity;
  /** Restarts the agent in place, which runs the newest kept document (supervisor.ts). */
  applyAtIdle: () => void;
  logger: EventLogger;
  now: () => Date;
}

/**
 * The terminal's side of remote configuration (docs/remote-config.md): fetches a newer
 * document when a heartbeat reply names one, keeps it if it passes every check (else logs
 * why and keeps running what it runs), shows its notices at once and asks for a restart at
 * the next idle moment when the catalogue, hours or closures changed.
 */
export function createRemoteConfig(options: RemoteConfigOptions) {
  const { logger, sessions } = options;
  const store = createDocumentStore(options.dataDir);
  let running = options.running?.document.version ?? 0;
  let kept = options.running;
  let applyPending = false;
  let lastRefused = { version: 0, noKey: false };
  let inFlight: Promise<void> | undefined;

  const showNotices = (accepted: AcceptedDocument | undefined) => {
    const at = options.now().getTime();
    const live = <T extends { expiresAt: string }>(notices: T[] = []) =>
      notices.filter((n) => Date.parse(n.expiresAt) > at);
    options.notices.replace(
      live(accepted?.document.warnings),
      live(accepted?.document.announcements),
    );
  };

  const applyIfIdle = () => {
    if (!applyPending || sessions.busy()) return;
    applyPending = false;
    logger.event('agent.remote-config-applied', { version: kept?.document.version ?? 0 });
    options.applyAtIdle();
  };

  const fetchNewer = async (available: number): Promise<void> => {
    const reply = await options.fetch(running);
    if (!reply.ok) {
      logger.event('agent.remote-config-fetch-failed', {
        kind: reply.error.kind,
        detail: reply.error.detail,
      });
      return;
    }
    const checked = checkDocument(reply.value, {
      key: readCentreConfigKey(options.dataDir),
      terminalId: options.terminalId,
      communityCode: options.communityCode,
      newerThan: Math.max(kept?.document.version ?? 0, storedVersion(store.read('failed'))),
    });
    if (!checked.ok) {
      // Asked again only when the centre names a newer version: one line per version.
      lastRefused = { version: available, noKey: checked.error.reason === 'no-key' };
      logger.event('agent.remote-config-refused', {
        reason: checked.error.reason,
        available,
        running,
        message: checked.error.message,
        ...(checked.error.where !== undefined && { where: checked.error.where }),
      });
      return;
    }
    const stored = store.accept(checked.value.signed);
    if (!stored.ok) {
      // Not remembered as kept, so the next heartbeat fetches it again.
      logger.event('agent.remote-config-store-failed', { step: 'keep', detail: stored.error });
      return;
    }
    kept = checked.value;
    showNotices(kept);
    const atIdle = restartPartsDiffer(options.running, kept);
    if (!atIdle) running = kept.document.version;
    applyPending = atIdle;
    logger.event('agent.remote-config-accepted', {
      version: kept.document.version,
      applies: atIdle ? 'at-idle' : 'now',
    });
    applyIfIdle();
  };

  return {
    /** The version in effect, for the heartbeat (0: the local files only). */
    version: () => running,
    /** A heartbeat reply named the newest version; resolves once it was handled. */
    available(version: number): Promise<void> {
      applyIfIdle();
      // A key pinned since (the technician screen's enrolment, or a file placed by hand)
      // makes a no-key refusal void without a restart.
      const keyPinnedSince =
        lastRefused.noKey && readCentreConfigKey(options.dataDir) !== undefined;
      const refused = keyPinnedSince ? 0 : lastRefused.version;
      const known = Math.max(kept?.document.version ?? 0, refused);
      if (version <= known || inFlight !== undefined) return inFlight ?? Promise.resolve();
      inFlight = fetchNewer(version)
        .catch((error: unknown) =>
          logger.event('agent.remote-config-fetch-failed', {
            kind: 'internal',
            detail: messageOf(error),
          }),
        )
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
    /** The enrolment reply's key, pinned for every later document. */
    pinKey(key: ConfigKey): void {
      try {
        writeCentreConfigKey(options.dataDir, key);
      } catch (error) {
        // Enrolment goes on; documents are refused as no-key until the key is pinned.
        logger.event('agent.remote-config-fetch-failed', {
          kind: 'key-file',
          detail: messageOf(error),
        });
      }
    },
    /** Shows the running document's notices and starts waiting for idle moments. */
    start(): void {
      showNotices(kept);
      sessions.onIdle(applyIfIdle);
    },
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
