import type { TerminalRegistry } from '../trust/trust-store.js';

/**
 * Which community a terminal serves: the one the administrator registered it for. A
 * terminal's heartbeat cannot move its hours to another community's coverage.
 */
export interface TerminalCommunities {
  communityOf(terminalId: string): Promise<string | null>;
}

export function createTerminalCommunities(
  registry: TerminalRegistry,
  /** What the terminal's heartbeats said: only for terminals from before enrolment existed. */
  seenCommunity: (terminalId: string) => Promise<string | null>,
): TerminalCommunities {
  return {
    communityOf: async (terminalId) => {
      const registered = await registry.get(terminalId);
      if (registered) return registered.terminal.community.code;
      return seenCommunity(terminalId);
    },
  };
}
