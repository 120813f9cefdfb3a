import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPair } from '../transport/index.js';
import { EscPosBuilder } from './escpos.js';
import { ReceiptPrinter } from './printer.js';
import { ReceiptPrinterSimulator } from './simulator.js';

const job = new EscPosBuilder().init().line('Corruption test').cut().build();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setUp() {
  const pair = createMemoryPair('corrupt-printer');
  const sim = new ReceiptPrinterSimulator(pair.device);
  await sim.start();
  // Short waits: a garbled or missing status byte ends only at its timeout.
  const printer = new ReceiptPrinter(pair.host, { statusTimeoutMs: 100, printTimeoutMs: 2000 });
  cleanups.push(async () => {
    await printer.close();
    await sim.stop();
  });
  return { sim, printer };
}

describe('the simulated printer told to corrupt its status replies (the development panel switch)', () => {
  it('bad fixed bits: reached but unreadable, an error state; nothing prints; off recovers', async () => {
    const { sim, printer } = await setUp();
    sim.setReplyCorruption('bad-checksum');
    expect(await printer.status()).toEqual({ state: 'error', kind: 'garbled-reply' });
    expect(await printer.print(job)).toEqual({
      ok: false,
      error: { kind: 'not-ready', status: { state: 'error', kind: 'garbled-reply' } },
    });
    expect(sim.receipts).toHaveLength(0);

    sim.setReplyCorruption('off');
    expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });
    expect((await printer.print(job)).ok).toBe(true);
  });

  it('cut short (no byte comes): offline, as a printer that does not answer', async () => {
    const { sim, printer } = await setUp();
    sim.setReplyCorruption('truncated');
    expect(await printer.status()).toEqual({ state: 'offline' });
    sim.setReplyCorruption('off');
    expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });
  });

  it('noise before each reply: the status bytes are still found and the job prints', async () => {
    const { sim, printer } = await setUp();
    sim.setReplyCorruption('noise');
    expect(sim.replyCorruption).toBe('noise');
    expect(await printer.status()).toEqual({ state: 'ready', paperNearEnd: false });
    expect((await printer.print(job)).ok).toBe(true);
    expect(sim.receipts).toHaveLength(1);
  });
});
