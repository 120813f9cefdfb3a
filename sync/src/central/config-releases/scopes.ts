import type { ConfigScope } from '@bianmin/contract';

/** Area code lengths from province to community: a code begins with its parents' codes. */
const AREA_CODE_LENGTHS = [2, 4, 6, 9, 12] as const;

export const scopeKey = (scope: ConfigScope): string =>
  'region' in scope ? `region:${scope.region}` : `terminal:${scope.terminalId}`;

/**
 * Every scope that covers a terminal, from the widest (its province) to the narrowest (the
 * terminal itself): a part from a later scope wins over the same part from an earlier one.
 */
export function scopesCovering(terminalId: string, communityCode: string): string[] {
  return [
    ...AREA_CODE_LENGTHS.filter((n) => communityCode.length >= n).map(
      (n) => `region:${communityCode.slice(0, n)}`,
    ),
    `terminal:${terminalId}`,
  ];
}
