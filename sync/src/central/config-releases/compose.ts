import type { Announcement, ConfigDocument, EmergencyWarning } from '@bianmin/contract';
import type { ScopedPart } from './config-release-store.js';
import { scopesCovering } from './scopes.js';

/**
 * One terminal's document from the parts of every scope covering it: its version is the
 * newest part's (a removal counts, so the version never goes back), each configuration part
 * comes from the narrowest scope that holds it, and warnings and announcements are the union
 * of all scopes' that have not expired (the narrower scope's copy wins for the same id).
 */
export function composeDocument(input: {
  terminalId: string;
  communityCode: string;
  parts: readonly ScopedPart[];
  now: Date;
}): ConfigDocument {
  const { terminalId, communityCode, parts, now } = input;
  const order = scopesCovering(terminalId, communityCode);
  const rank = (p: ScopedPart) => order.indexOf(p.scope);
  const covering = parts.filter((p) => rank(p) >= 0).sort((a, b) => rank(a) - rank(b));
  const narrowest = (name: ScopedPart['part']) =>
    covering.filter((p) => p.part === name && p.content !== null).at(-1)?.content;
  const live = <T extends { id: string; expiresAt: string }>(name: ScopedPart['part']): T[] => {
    const byId = new Map<string, T>();
    for (const p of covering) {
      if (p.part !== name || !Array.isArray(p.content)) continue;
      for (const notice of p.content as T[]) byId.set(notice.id, notice);
    }
    return [...byId.values()].filter((n) => Date.parse(n.expiresAt) > now.getTime());
  };
  const services = narrowest('services');
  const serviceHours = narrowest('serviceHours');
  const closures = narrowest('closures');
  return {
    terminalId,
    communityCode,
    version: Math.max(0, ...covering.map((p) => p.version)),
    issuedAt: now.toISOString(),
    ...(services !== undefined && { services }),
    ...(serviceHours !== undefined && { serviceHours }),
    ...(closures !== undefined && { closures }),
    warnings: live<EmergencyWarning>('warnings'),
    announcements: live<Announcement>('announcements'),
  };
}
