import { createHash } from 'node:crypto';
import type { CommunitiesConfig, RegionsConfig } from '@bianmin/config';
import type { ServiceCalendar } from './calendar.js';
import type { CoverageJudge } from './coverage-store.js';

export interface CoverageRule {
  judge: CoverageJudge;
  /** Changes whenever the configuration behind a verdict may have changed. */
  fingerprint: string;
}

/**
 * A community-day is covered when the community is in the configured list, the day is one
 * it is due to serve, and one of its terminals was in service for the minimum hours
 * (docs/coverage.md).
 */
export function createCoverageRule(
  regions: RegionsConfig,
  communities: CommunitiesConfig,
  calendar: ServiceCalendar,
): CoverageRule {
  const kindOf = new Map(communities.communities.map((c) => [c.code, c.kind]));
  const minimumSeconds = regions.indicator.minimumServiceHours * 3600;
  return {
    judge: (code, day, bestSeconds) => {
      const kind = kindOf.get(code);
      if (kind === undefined) return { covered: false, kind: null };
      return { kind, covered: bestSeconds >= minimumSeconds && calendar.of(code).isOpenDay(day) };
    },
    fingerprint: createHash('sha256')
      .update(JSON.stringify([regions, communities]))
      .digest('hex'),
  };
}
