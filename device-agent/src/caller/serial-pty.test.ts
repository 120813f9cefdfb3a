import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '@bianmin/common/testing';
import { countingOpens, HAVE_SOCAT, socatPair } from '../transport/socat-pair.fixture.js';
import { createSerialTransport } from '../transport/index.js';
import { CallerBus } from './bus.js';
import { CallerFrameAssembler } from './frame-assembler.js';
import { encodeCallerFrame } from './frame.js';
import { queueFixture } from './queue.fixture.js';
import { createCallerKeyHandlers } from './queue-keys.js';
import { CallerKeypadSimulator } from './simulator.js';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

/** The bus over a real serial driver: socat links two pseudo-terminals at 9600 baud. */
const link = socatPair(join(tmpdir(), `bianmin-callers-${process.pid}`));

describe.skipIf(!HAVE_SOCAT)(
  'caller keypad bus over a socat pty pair (skipped where /usr/bin/socat is missing: npm test installs it)',
  () => {
    beforeAll(() => link.plug());
    afterAll(() => link.unplug());

    it('answers a key frame with its echo, acts on it and writes the display, byte for byte', async () => {
      const fixture = queueFixture();
      fixture.issue('A');
      fixture.issue('A');
      // The far end is a hand-driven keypad at address 5: raw bytes, no simulator logic.
      const far = createSerialTransport({ path: link.b, baudRate: 9600 });
      await far.open();
      const assembler = new CallerFrameAssembler();
      const seen: Buffer[] = [];
      let acknowledged = false;
      const displayed = new Promise<Buffer>((resolve) =>
        far.onData((chunk) => {
          for (const r of assembler.push(chunk)) {
            if (!r.ok) continue;
            seen.push(r.value.bytes);
            const { frame, bytes } = r.value;
            // As a real keypad does, the press goes out at every poll until the host echoes
            // it: on a loaded machine one answer can come after the bus stopped waiting.
            if (frame.function === 'key') acknowledged = true;
            else if (frame.function === 'poll' && !acknowledged) {
              // Call next (0C) from address 5.
              void far.write(hex('FF 68 03 03 68 05 01 0C 12 16'));
            } else if (frame.function === 'poll') {
              void far.write(bytes);
            } else if (frame.function === 'display') {
              void far.write(bytes);
              if (frame.data[2] === 1) resolve(bytes);
            }
          }
        }),
      );
      const bus = new CallerBus(createSerialTransport({ path: link.a, baudRate: 9600 }), {
        addresses: [5],
        roundIntervalMs: 10,
      });
      bus.start(
        createCallerKeyHandlers({
          queue: fixture.queue,
          counters: new Map([[5, 1]]),
          logger: captureLogger().logger,
        }),
      );
      try {
        // Ticket 001 in the left places, 1 still waiting in the right: CS = 05+02+00+00+01+0A+0A+01 = 1D.
        expect(await displayed).toEqual(hex('FF 68 08 08 68 05 02 00 00 01 0A 0A 01 1D 16'));
        expect(seen[0]).toEqual(hex('FF 68 02 02 68 05 00 05 16'));
        // The host's echo of the key frame is its acknowledgement.
        expect(seen).toContainEqual(hex('FF 68 03 03 68 05 01 0C 12 16'));
        expect(fixture.queue.counter(1)?.current?.number).toBe('A001');
      } finally {
        await bus.stop();
        await far.close();
        fixture.close();
      }
    });

    it('serves the keypad simulator through noise and torn frames, and reports a silent keypad', async () => {
      const fixture = queueFixture();
      const sim = new CallerKeypadSimulator(
        createSerialTransport({ path: link.b, baudRate: 9600 }),
        [1, 2],
      );
      await sim.start();
      const bus = new CallerBus(createSerialTransport({ path: link.a, baudRate: 9600 }), {
        addresses: [1, 2],
        roundIntervalMs: 10,
      });
      bus.start(
        createCallerKeyHandlers({
          queue: fixture.queue,
          counters: new Map([
            [1, 1],
            [2, 2],
          ]),
          logger: captureLogger().logger,
        }),
      );
      const until = (test: () => boolean) =>
        new Promise<void>((resolve) => {
          const check = () => (test() ? resolve() : setTimeout(check, 10));
          check();
        });
      try {
        fixture.issue('B');
        await sim.sendRaw(hex('FF 68 03 03 68 02 01'));
        await sim.sendRaw(Buffer.alloc(64, 0x68));
        await sim.sendRaw(
          encodeCallerFrame({ address: 2, function: 'key', data: hex('0C') }).fill(0, 7, 8),
        );
        sim.press(2, { key: 'call-next', digits: [] });
        await until(() => sim.keypad(2)?.display === '001  0');
        expect(fixture.queue.counter(2)?.current?.number).toBe('B001');
        sim.setAnswering(1, false);
        await until(() => bus.silent().includes(1));
        expect(await bus.probe()).toBe('caller-silent');
      } finally {
        await bus.stop();
        await sim.stop();
        fixture.close();
      }
    });

    it('shares one open between a health probe and a polling round, so neither reads as refused', async () => {
      // serialport locks the port: a second open of our own would fail, and that failure must
      // not become the bus's health while the open it lost to works on.
      const sim = new CallerKeypadSimulator(
        createSerialTransport({ path: link.b, baudRate: 9600 }),
        [1],
      );
      await sim.start();
      const host = countingOpens(createSerialTransport({ path: link.a, baudRate: 9600 }));
      const bus = new CallerBus(host, { addresses: [1] });
      try {
        // As after the adapter comes back: the 5 s probe and the 100 ms round both find it closed.
        const [probed] = await Promise.all([bus.probe(), bus.pollRound()]);
        expect({ probed, opens: host.opens() }).toEqual({ probed: 'ready', opens: 1 });
        await bus.pollRound();
        expect(await bus.probe()).toBe('ready');
        expect(bus.silent()).toEqual([]);
      } finally {
        await bus.stop();
        await sim.stop();
      }
    });
  },
);
