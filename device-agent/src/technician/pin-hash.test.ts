import { describe, expect, it } from 'vitest';
import { TechniciansConfigSchema } from '@bianmin/config';
import { hashPin, verifyPin } from './pin-hash.js';

describe('technician PIN hashes', () => {
  it('verifies the PIN it hashed, refuses another, and writes the form the schema accepts', async () => {
    const hash = await hashPin('246810', { log2N: 10, r: 8, p: 1 });
    expect(await verifyPin('246810', hash)).toBe(true);
    expect(await verifyPin('246811', hash)).toBe(false);
    expect(hash).not.toContain('246810');
    const config = { accounts: [{ id: 'a', name: '张工', role: 'technician', pinHash: hash }] };
    expect(TechniciansConfigSchema.safeParse(config).success).toBe(true);
  });

  it('salts every hash, and refuses a hash it cannot read instead of throwing', async () => {
    const cost = { log2N: 10, r: 8, p: 1 };
    expect(await hashPin('1234', cost)).not.toBe(await hashPin('1234', cost));
    expect(await verifyPin('1234', 'plain-1234')).toBe(false);
  });
});
