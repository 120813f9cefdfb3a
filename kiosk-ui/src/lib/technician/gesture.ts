/**
 * The hidden way into technician mode (docs/technician.md): five taps on the home screen's
 * top-left corner within three seconds. A resident tapping there by chance taps a few times
 * at most, and the PIN still stands behind it.
 */
const GESTURE_TAPS = 5;
const GESTURE_WINDOW_MS = 3000;

/** Returns a tap counter: true on the tap that completes the gesture. */
export function createTapGesture(taps = GESTURE_TAPS, windowMs = GESTURE_WINDOW_MS) {
  let times: number[] = [];
  return (at: number): boolean => {
    times = [...times.filter((t) => at - t < windowMs), at];
    if (times.length < taps) return false;
    times = [];
    return true;
  };
}
