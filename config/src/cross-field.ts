/**
 * Helpers for cross-field refinements. These run even when unrelated fields are broken
 * (see `evenWithOtherProblems`), so the value they see may be only partly valid: read it
 * defensively instead of trusting the inferred type.
 */

/**
 * Zod skips refinements once any field has failed. A technician fixing a file by hand
 * should see every problem in one run, not discover them one at a time.
 */
export const evenWithOtherProblems = { when: (): boolean => true } as const;

export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

export function stringMatching(value: unknown, pattern: RegExp): string | undefined {
  return typeof value === 'string' && pattern.test(value) ? value : undefined;
}

export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
