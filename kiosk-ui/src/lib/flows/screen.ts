import type { Snippet } from 'svelte';
import type { PlainKey } from '../i18n/catalogue.js';

/**
 * What a flow machine says about each state the resident sees (docs/architecture.md, "Flows
 * and screens"): the page renders from this and never inspects state names.
 */
export interface ScreenMeta<TScreen extends string> {
  /** Which screen to show; also the page's `data-screen`, which e2e tests and screenshots use. */
  screen: TScreen;
  /** Where the resident is in the flow ("第 2 步 / 共 3 步"); absent outside the numbered steps. */
  step?: { step: number; of: number };
  /**
   * What read-aloud says on arrival, as a message key: said in the resident's language. Absent
   * where the machine announces something else.
   */
  speech?: PlainKey;
}

/**
 * The screens of one flow, each a snippet the page renders with the same arguments: a screen
 * without a snippet, or a snippet for no screen, fails to compile.
 */
export type ScreenRegistry<TScreen extends string, TArgs> = Record<TScreen, Snippet<[TArgs]>>;

interface WithMeta<TScreen extends string> {
  getMeta(): Record<string, ScreenMeta<TScreen> | undefined>;
}

/**
 * The screen of a snapshot: the meta of the one active state that names a screen. Every state a
 * flow rests in names exactly one (each flow's model-based test walks them all), so anything
 * else is a bug in the machine, not a case for the page to handle.
 */
export function screenMeta<TScreen extends string>(
  snapshot: WithMeta<TScreen>,
): ScreenMeta<TScreen> {
  const named = Object.values(snapshot.getMeta()).filter((meta) => meta !== undefined);
  const [only, ...more] = named;
  if (only === undefined || more.length > 0) {
    throw new Error(`the flow rests in a state that names ${named.length} screens, not one`);
  }
  return only;
}
