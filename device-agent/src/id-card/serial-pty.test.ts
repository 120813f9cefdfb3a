import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacedTransport, createSerialTransport } from '../transport/index.js';
import { IdCardReader } from './reader.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';
import { IdCardReaderSimulator } from './simulator.js';

/**
 * The one test over a real serial driver: socat links two pseudo-terminals, the simulator
 * sits on one and the reader on the other, so serialport's framing of chunks is exercised.
 */
const SOCAT = '/usr/bin/socat';
const base = join(tmpdir(), `bianmin-idcard-${process.pid}-${Date.now().toString(36)}`);
const linkA = `${base}-a`;
const linkB = `${base}-b`;

let socat: ChildProcess | undefined;

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe.skipIf(!existsSync(SOCAT))(
  'ID-card reader over a socat pty pair (skipped where /usr/bin/socat is missing: npm test installs it)',
  () => {
    beforeAll(async () => {
      socat = spawn(
        SOCAT,
        ['-d', '-d', `pty,raw,echo=0,link=${linkA}`, `pty,raw,echo=0,link=${linkB}`],
        { stdio: 'ignore' },
      );
      const ready = await waitFor(() => existsSync(linkA) && existsSync(linkB), 5000);
      if (!ready) throw new Error('socat did not create the pty links');
    });

    afterAll(async () => {
      const child = socat;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    });

    it('reads a card end to end at 115200 baud', async () => {
      const sim = new IdCardReaderSimulator(
        createSerialTransport({ path: linkB, baudRate: 115200 }),
      );
      const reader = new IdCardReader(createSerialTransport({ path: linkA, baudRate: 115200 }));
      await sim.start();
      try {
        const holder = SAMPLE_IDENTITIES[0]!.holder;
        expect(await reader.readCard()).toEqual({ ok: false, error: { kind: 'no-card' } });
        sim.placeCard(holder);
        expect(await reader.readCard()).toEqual({ ok: true, value: { holder } });
      } finally {
        await reader.close();
        await sim.stop();
      }
    });

    it('reads a card at 9600 baud with the replies paced at the wire rate, then switches to 115200', async () => {
      // A pty has no line speed: the simulator's end is paced so each reply takes as long as on
      // a real 9600 line (the read reply 1.35 s), longer than the old fixed 1.5 s allowed for.
      const simEnd = createPacedTransport(createSerialTransport({ path: linkB, baudRate: 9600 }), {
        baudRate: 9600,
      });
      const sim = new IdCardReaderSimulator(simEnd);
      const reader = new IdCardReader(createSerialTransport({ path: linkA, baudRate: 9600 }), {
        baudRate: 9600,
      });
      await sim.start();
      try {
        const holder = SAMPLE_IDENTITIES[1]!.holder;
        sim.placeCard(holder);
        expect(await reader.readCard()).toEqual({ ok: true, value: { holder } });
        expect(await reader.moduleId()).toEqual({
          ok: true,
          value: '05.01-20101111-0012345678-1234567890',
        });
        expect(await reader.setBaudRate(115200)).toEqual({ ok: true, value: { baudRate: 115200 } });
        expect(sim.state.baudRate).toBe(115200);
        expect(simEnd.baudRate).toBe(115200);
        expect(await reader.probe()).toEqual({ ok: true, value: undefined });
      } finally {
        await reader.close();
        await sim.stop();
      }
    });
  },
);
