import type { EventLogger } from '@bianmin/common';
import type { TerminalConfigSet } from '@bianmin/config';
import { checkDocument, type AcceptedDocument } from './check.js';
import { readCentreConfigKey } from './centre-key.js';
import { createDocumentStore, storedVersion } from './document-store.js';
import { overlayDocument } from './overlay.js';

/** What the supervisor hands each start of the agent. */
export interface RemoteStart {
  running: AcceptedDocument | undefined;
  /** Restart in place: close this agent, start again with the newest kept document. */
  applyAtIdle: () => void;
}

interface StartableAgent {
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface SupervisorOptions<A extends StartableAgent> {
  /** terminal.json, devices.json and services.json as loaded and validated. */
  local: TerminalConfigSet;
  dataDir: string;
  logger: EventLogger;
  /** Builds an agent; a throw counts as "cannot start with this configuration". */
  build: (config: TerminalConfigSet, remote: RemoteStart) => Promise<A>;
  /** Makes it serve (a failure here is not the configuration's and is not rolled back). */
  listen: (agent: A) => Promise<void>;
  /** A restart failed with no configuration left to fall back to. */
  onFatal: (error: unknown) => void;
  /** Each restart done: tests await it. */
  onRestarted?: (agent: A) => void;
}

/**
 * Runs the agent with the remote configuration document laid over the local files
 * (docs/remote-config.md). A document that fails its checks at start, or with which the
 * agent cannot be built, is set aside for the previous one (and then the local files
 * alone), each step logged; a restart at an idle moment puts a newly kept document into
 * effect the same way.
 */
export async function superviseAgent<A extends StartableAgent>(options: SupervisorOptions<A>) {
  const { logger, local } = options;
  const store = createDocumentStore(options.dataDir);
  let agent: A;
  let restarting: Promise<void> | undefined;

  const rollBack = (version: number, reason: string, detail: string) => {
    store.rollBack();
    const next = store.read('current');
    const to = next === undefined ? 0 : storedVersion(next);
    logger.event('agent.remote-config-rolled-back', { version, to, reason, detail });
  };

  const startOnce = async (): Promise<void> => {
    for (;;) {
      const stored = store.read('current');
      let running: AcceptedDocument | undefined;
      if (stored !== undefined) {
        const checked = checkDocument(stored, {
          key: readCentreConfigKey(options.dataDir),
          terminalId: local.terminal.terminalId,
          communityCode: local.terminal.community.code,
          newerThan: undefined,
        });
        if (!checked.ok) {
          rollBack(storedVersion(stored), 'invalid', checked.error.reason);
          continue;
        }
        running = checked.value;
      }
      const config = overlayDocument(local, running);
      if (!config.ok) {
        rollBack(running?.document.version ?? 0, 'invalid', config.error);
        continue;
      }
      let built: A;
      try {
        built = await options.build(config.value, { running, applyAtIdle: restart });
      } catch (error) {
        if (running === undefined) throw error;
        rollBack(running.document.version, 'start-failed', messageOf(error));
        continue;
      }
      agent = built;
      await options.listen(agent);
      await agent.start();
      return;
    }
  };

  function restart(): void {
    restarting ??= (async () => {
      await agent.close();
      await startOnce();
      options.onRestarted?.(agent);
    })()
      .catch(options.onFatal)
      .finally(() => {
        restarting = undefined;
      });
  }

  await startOnce();
  return {
    /** The agent running now (a restart replaces it). */
    agent: () => agent,
    async close(): Promise<void> {
      await restarting;
      await agent.close();
    },
  };
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
