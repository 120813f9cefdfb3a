import { NATION_SCOPE } from '@bianmin/contract';

/** Region levels by the length of their statistical area code (codes nest by prefix). */
export const LEVEL_BY_DIGITS = {
  2: 'province',
  4: 'city',
  6: 'county',
  9: 'street',
  12: 'community',
} as const;

/** True when `region` (a code, or 'nation') lies inside the account's `scope`. */
export function withinScope(scope: string, region: string): boolean {
  if (scope === NATION_SCOPE) return true;
  return region !== NATION_SCOPE && region.startsWith(scope);
}
