/**
 * The audit log pages instead of scrolling, as every list on the kiosk does
 * (docs/accessibility.md, "Touch"): how many entries fit follows from the screen's height in
 * millimetres. AuditLogView.svelte draws each entry at exactly `row` (two lines of the kiosk's
 * text); `chrome` bounds what stands around the list (the mode's bar, the heading, the count
 * line, the pager and the margins).
 */
export const AUDIT_LAYOUT_MM = { row: 32, rowGap: 2.5, chrome: 140 } as const;

/** The agent's largest page. */
const MAX_ROWS = 50;

export function auditPageSize(heightMm: number): number {
  const { row, rowGap, chrome } = AUDIT_LAYOUT_MM;
  const rows = Math.floor((heightMm - chrome + rowGap) / (row + rowGap));
  return Math.min(MAX_ROWS, Math.max(1, rows));
}
