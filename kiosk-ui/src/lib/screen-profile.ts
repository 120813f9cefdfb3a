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

/**
 * The two kinds of terminal (docs/accessibility.md, "Screen profiles"): landscape FHD panels of
 * 21.5"-27" and portrait FHD panels of 32"-43". Each profile is the smallest panel of its kind,
 * the one with the finest pixels, so a size that meets the bar there is larger on the others.
 */
const SCREEN_PROFILES = {
  landscape: { id: '21.5in-fhd', label: '21.5" 1920x1080', mmPerPx: 0.248 },
  portrait: { id: '32in-fhd-portrait', label: '32" 1080x1920', mmPerPx: 0.369 },
} as const satisfies Record<string, ScreenProfile>;

/** The profile of a screen `width` x `height` CSS px: its orientation tells the kind. */
export const profileFor = (width: number, height: number): ScreenProfile =>
  height > width ? SCREEN_PROFILES.portrait : SCREEN_PROFILES.landscape;

/** CSS px for one millimetre on this profile. */
/** This terminal's kind, from its screen: a kiosk's window is the whole screen. */
export const screenProfile = (): ScreenProfile => profileFor(window.innerWidth, window.innerHeight);

export const pxPerMm = (profile: ScreenProfile): number => 1 / profile.mmPerPx;
