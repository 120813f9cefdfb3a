import type Database from 'better-sqlite3';

/**
 * Which community a terminal serves. Read from the terminal's own heartbeat for now; an
 * administrator's terminal record replaces it once terminals are enrolled.
 */
export interface TerminalCommunities {
  communityOf(terminalId: string): Promise<string | null>;
}

export function createTerminalCommunities(db: Database.Database): TerminalCommunities {
  const communityOf = db
    .prepare('SELECT community_code FROM terminals WHERE terminal_id = ?')
    .pluck();
  return {
    communityOf: async (terminalId) =>
      (communityOf.get(terminalId) as string | null | undefined) ?? null,
  };
}
