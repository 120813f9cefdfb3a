import type { EventLogger, Result } from '@bianmin/common';
import type { TerminalConfigSet } from '@bianmin/config';
import { checkDocument, type AcceptedDocument } from './check.js';
import { readCentreConfigKey } from './centre-key.js';
import { createDocumentStore, START_ORDER, storedVersion } from './document-store.js';
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
  /**
   * Builds an agent; a throw counts as "cannot start with this document" only if a build with
   * the local files alone succeeds.
   */
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
 * (docs/remote-config.md): the newest kept one, else the one it last started with, else the
 * one before, else the local files alone. A document that fails its checks at start, or with
 * which the agent cannot be built, is set aside for the next, each step logged; a restart at
 * an idle moment puts a newly kept document into effect the same way.
 */
export async function superviseAgent<A extends StartableAgent>(options: SupervisorOptions<A>) {
  const { logger, local } = options;
  const store = createDocumentStore(options.dataDir);
  let agent: A;
  let restarting: Promise<void> | undefined;

  const storeFailed = (step: string, result: Result<void, string>) => {
    if (!result.ok)
      logger.event('agent.remote-config-store-failed', { step, detail: result.error });
  };
  /** The version a start tries after the slot at `index` (0: the local files). */
  const versionAfter = (index: number) => {
    const next = START_ORDER.slice(index + 1)
      .map((slot) => store.read(slot))
      .find((stored) => stored !== undefined);
    return storedVersion(next);
  };
  const run = async (built: A) => {
    agent = built;
    await options.listen(agent);
    await agent.start();
  };

  const startOnce = async (): Promise<void> => {
    const key = readCentreConfigKey(options.dataDir);
    // Built only once a document fails to build: whether the agent starts without it.
    let withoutDocument: A | undefined;
    const buildLocal = () => options.build(local, { running: undefined, applyAtIdle: restart });
    for (const [index, slot] of START_ORDER.entries()) {
      const stored = store.read(slot);
      if (stored === undefined) continue;
      if (key === undefined) {
        // The missing key file is the fault, not the documents': they wait for it.
        logger.event('agent.remote-config-unchecked', { version: storedVersion(stored) });
        break;
      }
      const setAside = (reason: string, detail: string) => {
        const version = storedVersion(stored);
        // Even if the store cannot be changed, this start goes on without the document.
        storeFailed('set-aside', store.setAside(slot));
        logger.event('agent.remote-config-rolled-back', {
          version,
          to: versionAfter(index),
          reason,
          detail,
        });
      };
      const checked = checkDocument(stored, {
        key,
        terminalId: local.terminal.terminalId,
        communityCode: local.terminal.community.code,
        newerThan: undefined,
      });
      if (!checked.ok) {
        setAside('invalid', checked.error.reason);
        continue;
      }
      const running = checked.value;
      const config = overlayDocument(local, running);
      if (!config.ok) {
        setAside('invalid', config.error);
        continue;
      }
      let built: A;
      try {
        built = await options.build(config.value, { running, applyAtIdle: restart });
      } catch (error) {
        // A throw is the document's fault only if the agent starts without it: a damaged
        // terminal key or a newer release's database fails either way, and rethrows from
        // here with the store untouched.
        withoutDocument ??= await buildLocal();
        setAside('start-failed', messageOf(error));
        continue;
      }
      await withoutDocument?.close();
      await run(built);
      storeFailed('promote', store.started(slot));
      return;
    }
    await run(withoutDocument ?? (await buildLocal()));
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
