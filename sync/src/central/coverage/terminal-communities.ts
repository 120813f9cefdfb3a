import type Database from 'better-sqlite3';
import type { TerminalRegistry } from '../trust/trust-store.js';

/**
 * Which community a terminal serves: the one the administrator registered it for. A
 * terminal's heartbeat cannot move its hours to another community's coverage.
 */
export interface TerminalCommunities {
  communityOf(terminalId: string): Promise<string | null>;
}

export function createTerminalCommunities(
  db: Database.Database,
  registry: TerminalRegistry,
): TerminalCommunities {
  // Only terminals the register does not know: rows kept from before enrolment existed.
  const seenCommunity = db
    .prepare('SELECT community_code FROM terminals WHERE terminal_id = ?')
    .pluck();
  return {
    communityOf: async (terminalId) => {
      const registered = await registry.get(terminalId);
      if (registered) return registered.terminal.community.code;
      return (seenCommunity.get(terminalId) as string | null | undefined) ?? null;
    },
  };
}
