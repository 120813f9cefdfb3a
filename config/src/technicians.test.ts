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

  it('refuses an scrypt cost that would make each check take seconds, and says how to fix it', () => {
    const data = defaultData('technicians');
    const [, , , , salt, key] = (data.accounts[0].pinHash as string).split('$');
    // Each within the pattern, and each over 2^17 × 8 (scrypt$20$8$1 takes about 3 s).
    data.accounts[0].pinHash = ['scrypt', 20, 8, 1, salt, key].join('$');
    data.accounts[0].cardHash = ['scrypt', 14, 99, 9, salt, key].join('$');
    data.accounts[1].pinHash = ['scrypt', 17, 8, 2, salt, key].join('$');
    const result = validateConfig('technicians', data, 'technicians.json');
    if (result.ok) throw new Error('expected problems');
    expect(result.error.map((p) => p.path)).toEqual([
      'accounts[0].pinHash',
      'accounts[0].cardHash',
      'accounts[1].pinHash',
    ]);
    const problem = byPath(result.error, 'accounts[0].pinHash')!;
    expect(problem.file).toBe('technicians.json');
    expect(problem.found).toContain('scrypt$20$8$1$');
    expect(problem.expected).toContain('at most 2^17 × 8');
    expect(problem.expected).toContain('npm run technician:pin');
    expect(byPath(result.error, 'accounts[0].cardHash')?.expected).toContain('-- --card');

    // The most it allows, and the default, pass.
    data.accounts[0].pinHash = ['scrypt', 17, 8, 1, salt, key].join('$');
    data.accounts[0].cardHash = ['scrypt', 14, 8, 1, salt, key].join('$');
    data.accounts[1].pinHash = ['scrypt', 16, 4, 4, salt, key].join('$');
    expect(validateConfig('technicians', data, 'technicians.json').ok).toBe(true);
  });
});
