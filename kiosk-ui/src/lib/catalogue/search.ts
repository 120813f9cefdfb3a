import type { CatalogueService } from '../agent/types.js';

/**
 * Finding a service by what a resident can type: the initials of its pinyin on the letter
 * keypad (社保卡 → SBK, computed by the agent), or a few of its characters.
 */

/** How well a service matches; lower is better. */
const RANK = {
  initialsStart: 0,
  nameStart: 0,
  initialsWithin: 1,
  nameWithin: 1,
  /** Every typed character is in the name, in any order: 社保补卡 finds 社保卡挂失补换. */
  nameHasAll: 2,
} as const;

const HAN = /\p{Script=Han}/u;

/** Letters upper-case, spaces and punctuation dropped: what the keypad or a paste gives. */
export function normaliseQuery(query: string): string {
  return query.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

function rankOf(service: Pick<CatalogueService, 'name' | 'initials'>, query: string) {
  const name = service.name['zh-CN'];
  if (HAN.test(query)) {
    if (name.startsWith(query)) return RANK.nameStart;
    if (name.includes(query)) return RANK.nameWithin;
    return [...query].every((c) => name.includes(c)) ? RANK.nameHasAll : undefined;
  }
  if (service.initials.startsWith(query)) return RANK.initialsStart;
  return service.initials.includes(query) ? RANK.initialsWithin : undefined;
}

/**
 * The services matching `query`, best first; equally good matches keep the catalogue's order,
 * so the same letters always list the same services in the same places. An empty query
 * matches nothing: the keypad screen then shows no results rather than the whole catalogue.
 */
export function searchServices<S extends Pick<CatalogueService, 'name' | 'initials'>>(
  services: readonly S[],
  query: string,
): S[] {
  const wanted = normaliseQuery(query);
  if (wanted === '') return [];
  return services
    .map((service, index) => ({ service, index, rank: rankOf(service, wanted) }))
    .filter((m): m is typeof m & { rank: number } => m.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((m) => m.service);
}
