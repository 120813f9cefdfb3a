/**
 * The mark the page sets once its idle work (./idle-work.ts) is done, so the bench can tell
 * whether a first tap found it done (scripts/bench/kiosk-paint.ts). Kept apart from the idle work
 * so the bench's Node code can import the name without the browser's types.
 */
export const IDLE_WORK_DONE = 'kiosk:idle-work-done';

export const markIdleWorkDone = (): void => void performance.mark(IDLE_WORK_DONE);
