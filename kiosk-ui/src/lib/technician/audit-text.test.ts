import { describe, expect, it } from 'vitest';
import { TECHNICIAN_AUDIT_OUTCOMES, type TechnicianAuditEntry } from '@bianmin/contract';
import { describeEntry } from './audit-text.js';

const entry = (action: string, outcome: string, subject: string | null = null) =>
  ({
    id: 1,
    at: '2026-11-26T02:00:00.000Z',
    localTime: '2026-11-26 10:00:00',
    account: 'zhang-wei',
    action,
    outcome,
    subject,
  }) satisfies TechnicianAuditEntry;

describe('the audit log in words', () => {
  it('says every outcome the agent writes in Chinese, never as its code', () => {
    for (const outcome of TECHNICIAN_AUDIT_OUTCOMES) {
      const text = describeEntry(entry('save', outcome)).outcome;
      expect(text, outcome).not.toBe(outcome);
      expect(text, outcome).toMatch(/\p{Script=Han}/u);
    }
    expect(describeEntry(entry('save', 'saved-applied', 'printer'))).toEqual({
      who: 'zhang-wei',
      what: '保存设备设置（打印机）',
      outcome: '已保存，已生效',
    });
    expect(describeEntry(entry('readiness-send', 'not-queued')).outcome).toBe('没有交给上传队列');
  });

  it('counts the ports a listing found, and shows an outcome it does not know as written', () => {
    expect(describeEntry(entry('list-ports', '3 serial, 1 hid')).outcome).toBe(
      '串口 3 个，HID 设备 1 个',
    );
    expect(describeEntry(entry('save', 'from-an-older-agent')).outcome).toBe('from-an-older-agent');
    // A key of Object.prototype is not an outcome.
    expect(describeEntry(entry('save', 'constructor')).outcome).toBe('constructor');
  });
});
