import { describe, expect, it } from 'vitest';
import { byPath, defaultData } from './test-support.js';
import { validateConfig } from './validate.js';

describe('technicians config', () => {
  it('accepts the default file: a technician and an administrator, 3 idle minutes', () => {
    const result = validateConfig('technicians', defaultData('technicians'));
    expect(result.ok && result.value.accounts.map((a) => a.role)).toEqual([
      'technician',
      'administrator',
    ]);
    expect(result.ok && result.value.idleMinutes).toBe(3);
  });

  it('names a repeated id, an unknown role and a PIN that is not a hash, all in one run', () => {
    const data = defaultData('technicians');
    data.accounts[1].id = data.accounts[0].id;
    data.accounts[0].role = 'root';
    data.accounts[0].pinHash = '246810';
    const result = validateConfig('technicians', data, 'technicians.json');
    if (result.ok) throw new Error('expected problems');
    expect(byPath(result.error, 'accounts[1].id')?.expected).toContain('accounts[0] has it too');
    expect(byPath(result.error, 'accounts[0].role')).toBeDefined();
    expect(byPath(result.error, 'accounts[0].pinHash')?.expected).toContain('never the PIN itself');
  });
});
