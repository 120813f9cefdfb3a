import { NATION_SCOPE } from '@bianmin/contract';

/** Region levels by the length of their statistical area code (codes nest by prefix). */
export const LEVEL_BY_DIGITS = {
  2: 'province',
  4: 'city',
  6: 'county',
  9: 'street',
  12: 'community',
} as const;
export type RegionLevel = (typeof LEVEL_BY_DIGITS)[keyof typeof LEVEL_BY_DIGITS];

export function levelOf(region: string): RegionLevel | 'nation' {
  if (region === NATION_SCOPE) return 'nation';
  return LEVEL_BY_DIGITS[region.length as keyof typeof LEVEL_BY_DIGITS];
}

/** True when `region` (a code, or 'nation') lies inside the account's `scope`. */
export function withinScope(scope: string, region: string): boolean {
  if (scope === NATION_SCOPE) return true;
  return region !== NATION_SCOPE && region.startsWith(scope);
}
