import type { PlainKey } from './i18n/catalogue.js';

/**
 * Sizes are set in millimetres on the glass and turned into CSS px per screen profile
 * (docs/accessibility.md): a kiosk is read from 500-700 mm, so the bar is physical size.
 */
export interface ScreenProfile {
  id: string;
  label: string;
  /** Millimetres per CSS px: pixel pitch x device pixel ratio. */
  mmPerPx: number;
}

const SCREEN_PROFILES: Record<string, ScreenProfile> = {
  '21.5in-fhd': { id: '21.5in-fhd', label: '21.5" 1920x1080', mmPerPx: 0.248 },
  '32in-fhd': { id: '32in-fhd', label: '32" 1920x1080', mmPerPx: 0.369 },
};

export const DEFAULT_PROFILE = SCREEN_PROFILES['21.5in-fhd']!;

/** At least four text sizes (MIIT); the first is already elder-friendly. `name` is its message. */
export const TEXT_SCALES = [
  { name: 'textSize.standard', factor: 1 },
  { name: 'textSize.large', factor: 1.15 },
  { name: 'textSize.extraLarge', factor: 1.3 },
  { name: 'textSize.largest', factor: 1.5 },
] as const satisfies readonly { name: PlainKey; factor: number }[];

/** CSS px for one millimetre on this profile. */
export const pxPerMm = (profile: ScreenProfile): number => 1 / profile.mmPerPx;
