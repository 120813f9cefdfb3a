import type { RegisteredTerminal, TerminalRegistry } from './trust-store.js';

/**
 * Wraps a change to a terminal's registry row so that what a cache keeps of the terminal is
 * forgotten before the change and again after it: a read that started before the change must
 * not keep what it read.
 */
export const forgettingAround =
  (forget: (terminalId: string) => void) =>
  <A extends unknown[], R>(change: (terminalId: string, ...rest: A) => Promise<R>) =>
  async (terminalId: string, ...rest: A): Promise<R> => {
    forget(terminalId);
    try {
      return await change(terminalId, ...rest);
    } finally {
      forget(terminalId);
    }
  };

/**
 * Keeps the terminals this instance has read for `ttlMs`, so a signed request does not
 * read the registry on every request. A change made through this instance (enrolment,
 * revocation, a new token) takes effect here at once; one made at another instance on the
 * same database takes effect here within `ttlMs`. Terminals not found are not kept: one
 * just registered at another instance is known here at its first request.
 */
export function withRegistryCache(
  registry: TerminalRegistry,
  options: { ttlMs: number; now?: () => number },
): TerminalRegistry {
  const now = options.now ?? Date.now;
  const kept = new Map<string, { terminal: RegisteredTerminal; until: number }>();
  // A read that started before a change must not keep what it read after the change.
  let changes = 0;
  const forget = (terminalId: string) => {
    changes += 1;
    kept.delete(terminalId);
  };
  const changing = forgettingAround(forget);

  return {
    ...registry,
    async get(terminalId) {
      const hit = kept.get(terminalId);
      if (hit !== undefined && hit.until > now()) return hit.terminal;
      const before = changes;
      const terminal = await registry.get(terminalId);
      if (terminal === undefined || changes !== before) kept.delete(terminalId);
      else kept.set(terminalId, { terminal, until: now() + options.ttlMs });
      return terminal;
    },
    create: changing((terminalId, terminal, token) => registry.create(terminalId, terminal, token)),
    issueToken: changing((terminalId, token) => registry.issueToken(terminalId, token)),
    revoke: changing((terminalId, at) => registry.revoke(terminalId, at)),
    async enrol(input) {
      forget(input.terminalId);
      try {
        return await registry.enrol(input);
      } finally {
        forget(input.terminalId);
      }
    },
  };
}
