import { describe, expect, it } from 'vitest';
import { AUDIT_LAYOUT_MM, auditPageSize } from './audit-paging.js';

describe('audit log paging', () => {
  it('fits whole entries below the chrome, at least one and at most the agent gives', () => {
    // 1920 px at 0.248 mm/px, the 21.5" portrait screen: 476 mm.
    const rows = auditPageSize(476);
    expect(rows).toBe(9);
    const { row, rowGap, chrome } = AUDIT_LAYOUT_MM;
    expect(chrome + rows * row + (rows - 1) * rowGap).toBeLessThanOrEqual(476);
    expect(chrome + (rows + 1) * row + rows * rowGap).toBeGreaterThan(476);
    expect(auditPageSize(100)).toBe(1);
    expect(auditPageSize(10_000)).toBe(50);
  });
});
