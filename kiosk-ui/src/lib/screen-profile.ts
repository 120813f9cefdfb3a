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

/** At least four text sizes (MIIT); the first is already elder-friendly. */
export const TEXT_SCALES = [
  { label: '标准', factor: 1 },
  { label: '大', factor: 1.15 },
  { label: '特大', factor: 1.3 },
  { label: '超大', factor: 1.5 },
] as const;

/** CSS px for one millimetre on this profile. */
export const pxPerMm = (profile: ScreenProfile): number => 1 / profile.mmPerPx;
