import { describe, expect, it } from 'vitest';
import { TechniciansConfigSchema } from '@bianmin/config';
import { cardNumberKey, hashSecret, verifySecret } from './secret-hash.js';

const CHEAP = { log2N: 10, r: 8, p: 1 };

describe('technician secret hashes', () => {
  it('verifies the PIN it hashed, refuses another, and writes the form the schema accepts', async () => {
    const hash = await hashSecret('246810', CHEAP);
    expect(await verifySecret('246810', hash)).toBe(true);
    expect(await verifySecret('246811', hash)).toBe(false);
    expect(hash).not.toContain('246810');
    const config = { accounts: [{ id: 'a', name: '张工', role: 'technician', pinHash: hash }] };
    expect(TechniciansConfigSchema.safeParse(config).success).toBe(true);
  });

  it('salts every hash, and refuses a hash it cannot read instead of throwing', async () => {
    expect(await hashSecret('1234', CHEAP)).not.toBe(await hashSecret('1234', CHEAP));
    expect(await verifySecret('1234', 'plain-1234')).toBe(false);
  });

  it("hashes a card's number as the card stores it, and the schema takes it as cardHash", async () => {
    expect(cardNumberKey(' 14090219900108013x ')).toBe(null);
    expect(cardNumberKey('140902 195301050227')).toBe('140902195301050227');
    expect(cardNumberKey('usa110055010401')).toBe('USA110055010401');
    expect(cardNumberKey('140902199001080132')).toBe(null);
    const key = cardNumberKey('140902199001080131');
    if (key === null) throw new Error('a valid number');
    const pinHash = await hashSecret('246810', CHEAP);
    const cardHash = await hashSecret(key, CHEAP);
    expect(await verifySecret('140902199001080131', cardHash)).toBe(true);
    const account = { id: 'a', name: '张工', role: 'technician', pinHash, cardHash };
    expect(TechniciansConfigSchema.safeParse({ accounts: [account] }).success).toBe(true);
    const plain = { ...account, cardHash: '140902199001080131' };
    expect(TechniciansConfigSchema.safeParse({ accounts: [plain] }).success).toBe(false);
  });
});
