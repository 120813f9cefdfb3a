/**
 * Elder mode (长辈模式) gives every step this many times the session's idle time and warning:
 * the kiosk slows its timers by it, and the agent waits as long for a resident still rating.
 * Pure code without schemas, so the kiosk imports it (`@bianmin/contract/elder-pace`) without
 * pulling TypeBox and every schema into its home screen's script.
 */
export const ELDER_PACE = 2;
