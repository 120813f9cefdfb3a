/**
 * 统计用区划代码 nest: a community's 12-digit code begins with its street's 9 digits,
 * which begin with the county's 6, the city's 4 and the province's 2. A terminal file
 * repeats all five, so one mistyped code shows up as disagreement with the others.
 */

export interface AreaCode {
  /** Where the code sits, e.g. 'region.county.code'. */
  path: string;
  /** e.g. 'county or district (县/区)'. */
  label: string;
  digits: number;
  /** The code found, or undefined when it is malformed (reported elsewhere). */
  code: string | undefined;
}

export interface CodeMismatch {
  at: AreaCode;
  expected: string;
}

const agrees = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

/**
 * Blames the codes that disagree with most of the others, one at a time, until the rest
 * agree, so a wrong province code is reported once instead of against every level below.
 * Ties blame the longer code: more digits to mistype.
 */
export function findCodeMismatches(chain: readonly AreaCode[]): CodeMismatch[] {
  const present = chain.filter((c): c is AreaCode & { code: string } => c.code !== undefined);
  const blamed = new Set<AreaCode>();
  for (;;) {
    const kept = present.filter((c) => !blamed.has(c));
    const disagreements = kept.map((c) => kept.filter((o) => !agrees(c.code, o.code)).length);
    const worst = Math.max(0, ...disagreements);
    if (worst === 0) break;
    const index = disagreements.lastIndexOf(worst);
    blamed.add(kept[index]!);
  }
  const kept = present.filter((c) => !blamed.has(c));
  return present.filter((c) => blamed.has(c)).map((at) => ({ at, expected: explain(at, kept) }));
}

/** The kept codes all agree, so the nearest kept level below pins the expected code exactly. */
function explain(at: AreaCode, kept: readonly (AreaCode & { code: string })[]): string {
  const parent = kept.filter((c) => c.digits < at.digits).at(-1);
  const child = kept.find((c) => c.digits > at.digits);
  const why =
    'each statistical area code (统计用区划代码) begins with the code of the area containing it';
  if (child !== undefined) {
    return `"${child.code.slice(0, at.digits)}", the first ${at.digits} digits of ${child.path} "${child.code}"; ${why}, so either this code or ${child.path} is wrong`;
  }
  if (parent !== undefined) {
    return `a ${at.digits}-digit code starting with "${parent.code}", the ${parent.label} code in ${parent.path}; ${why}, so either this code or ${parent.path} is wrong`;
  }
  return `a code consistent with the other levels; ${why}`;
}
