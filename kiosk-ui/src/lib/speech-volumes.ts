import type { PlainKey } from './i18n/catalogue.js';

/**
 * Read-aloud's volume levels (docs/accessibility.md, "Speech and sound"), in the order the 音量
 * button steps through them. The first is what every resident starts with: the terminal's sound
 * output is set so that it suits the hall, and the browser speaks no louder than an utterance's
 * volume of 1, so the level a resident starts at leaves one step up and one down. `name` is its
 * message; `gain` is the utterance's volume, from 0 to 1.
 */
export const VOLUMES = [
  { name: 'volume.medium', gain: 0.7 },
  { name: 'volume.loud', gain: 1 },
  { name: 'volume.soft', gain: 0.4 },
] as const satisfies readonly { name: PlainKey; gain: number }[];

/** The level of volume step `index`; the first's for an index out of range. */
export const volumeLevel = (index: number): (typeof VOLUMES)[number] =>
  VOLUMES[index] ?? VOLUMES[0];
