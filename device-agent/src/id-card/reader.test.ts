import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createManualClock, type Clock, type ManualClock } from '@bianmin/common';
import { captureLogger, eventsNamed } from '@bianmin/common/testing';
import { createMemoryPair, createPacedTransport, type ByteTransport } from '../transport/index.js';
import { COMMAND_SPECS, replyTimeoutMs } from './command-specs.js';
import { SW3 } from './commands.js';
import { encodeReply } from './frame.js';
import { IdCardReader, type IdCardReaderOptions } from './reader.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';
import { IdCardReaderSimulator } from './simulator.js';
import { STATUS_CAUSES } from './status-table.js';

const wang = SAMPLE_IDENTITIES.find((s) => s.key === 'wang-xiuying')!.holder;
const chen = SAMPLE_IDENTITIES.find((s) => s.key === 'chen-jiaming')!.holder;

/** Device end that can mangle what the simulator sends: a noisy cable. */
function tamperable(inner: ByteTransport) {
  let tamper: ((data: Uint8Array) => Uint8Array) | undefined;
  const transport: ByteTransport = {
    description: `tamperable:${inner.description}`,
    get isOpen() {
      return inner.isOpen;
    },
    open: () => inner.open(),
    write: (data) => inner.write(tamper ? tamper(data) : data),
    onData: (listener) => inner.onData(listener),
    close: () => inner.close(),
  };
  return {
    transport,
    setTamper(f: typeof tamper) {
      tamper = f;
    },
  };
}

/** Lets a manual clock run until `pending` settles, a few ms per step so I/O keeps up. */
async function runOn<T>(clock: ManualClock, pending: Promise<T>): Promise<T> {
  let settled = false;
  void pending.then(() => (settled = true));
  for (let steps = 0; !settled; steps++) {
    if (steps > 10_000) throw new Error('never settled');
    await clock.advance(5);
  }
  return pending;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

interface SetUpOptions extends Omit<IdCardReaderOptions, 'clock'> {
  clock?: Clock;
  /** Pace the simulator's replies at this line speed. */
  lineBaudRate?: number;
}

async function setUp(options: SetUpOptions = {}) {
  const { lineBaudRate, ...readerOptions } = options;
  const pair = createMemoryPair('reader-test');
  const device = tamperable(pair.device);
  const simEnd = lineBaudRate
    ? createPacedTransport(device.transport, { baudRate: lineBaudRate, clock: options.clock })
    : device.transport;
  const sim = new IdCardReaderSimulator(simEnd, { clock: options.clock });
  await sim.start();
  const log = captureLogger();
  const reader = new IdCardReader(pair.host, { logger: log.logger, ...readerOptions });
  cleanups.push(async () => {
    await reader.close();
    await sim.stop();
  });
  return { pair, sim, reader, device, log };
}

describe('IdCardReader against the simulator', () => {
  it('reports no-card when the field is empty', async () => {
    const { reader } = await setUp();
    expect(await reader.readCard()).toEqual({ ok: false, error: { kind: 'no-card' } });
  });

  it('reads a placed card, then no-card until it is removed and placed again', async () => {
    const { reader, sim } = await setUp();
    sim.placeCard(wang);
    expect(await reader.readCard()).toEqual({ ok: true, value: { holder: wang } });
    expect(await reader.readCard()).toEqual({ ok: false, error: { kind: 'no-card' } });
    sim.removeCard();
    sim.placeCard(chen);
    const again = await reader.readCard();
    expect(again).toEqual({ ok: true, value: { holder: chen } });
  });

  it('returns the holder only: no photo or fingerprint bytes leave the driver', async () => {
    for (const fingerprints of [0, 1, 2] as const) {
      const { reader, sim } = await setUp({ withFingerprint: true });
      sim.placeCard(wang, { fingerprints });
      const read = await reader.readCard();
      expect(read).toEqual({ ok: true, value: { holder: wang } });
      // Nothing binary anywhere in the result: every leaf is a string from the text block.
      const leaves = Object.values(read.ok ? read.value.holder : {});
      expect(leaves.every((v) => typeof v === 'string')).toBe(true);
      expect(JSON.stringify(read)).not.toMatch(/WLf/);
    }
  });

  it('asks for the newest appended address when configured, absent when the card has none', async () => {
    const { reader, sim } = await setUp({ readNewestAddress: true });
    sim.placeCard(wang, { newestAddress: '山西省忻州市忻府区新建路9号' });
    expect(await reader.readCard()).toEqual({
      ok: true,
      value: { holder: wang, newestAddress: '山西省忻州市忻府区新建路9号' },
    });
    sim.removeCard();
    sim.placeCard(chen);
    expect(await reader.readCard()).toEqual({ ok: true, value: { holder: chen } });
  });

  it('asks to place the card flat when select fails', async () => {
    const { reader, sim } = await setUp();
    sim.placeCardBadly();
    expect(await reader.readCard()).toEqual({
      ok: false,
      error: {
        kind: 'card-unreadable',
        hint: 'place-flat',
        sw3: SW3.selectFailed,
        meaning: STATUS_CAUSES.get(SW3.selectFailed)!.meaning,
      },
    });
  });

  it('maps every documented error status to its kind and resident hint', async () => {
    const { reader, sim } = await setUp();
    for (const [sw3, cause] of STATUS_CAUSES) {
      sim.setFault(sw3);
      const read = await reader.readCard();
      const expected =
        cause.kind === 'no-card'
          ? { kind: 'no-card' }
          : { kind: cause.kind, sw3, meaning: cause.meaning, hint: cause.hint };
      expect(read).toEqual({ ok: false, error: expected });
    }
    sim.setFault(0x55);
    expect(await reader.probe()).toEqual({
      ok: false,
      error: {
        kind: 'reader-fault',
        sw3: 0x55,
        meaning: 'undocumented status 0x55',
        hint: 'call-staff',
      },
    });
  });

  it('reports a module fault with its meaning, and probe sees it too', async () => {
    const { reader, sim } = await setUp();
    sim.placeCard(wang);
    sim.setFault(SW3.selfTestFailed);
    const expected = {
      kind: 'reader-fault',
      sw3: 0x60,
      meaning: 'the security module failed its self-test: replace the reader',
      hint: 'call-staff',
    };
    expect(await reader.readCard()).toEqual({ ok: false, error: expected });
    expect(await reader.probe()).toEqual({ ok: false, error: expected });
    sim.setFault(null);
    expect(await reader.probe()).toEqual({ ok: true, value: undefined });
  });

  it('goes offline when unplugged and recovers on the next read after replugging', async () => {
    const { reader, sim, pair } = await setUp();
    sim.placeCard(wang);
    pair.setConnected(false);
    const first = await reader.readCard();
    expect(first).toMatchObject({ ok: false, error: { kind: 'reader-offline' } });
    expect(pair.host.isOpen).toBe(false);
    const whileUnplugged = await reader.readCard();
    expect(whileUnplugged).toMatchObject({
      ok: false,
      error: { kind: 'reader-offline', detail: expect.stringContaining('open failed') },
    });
    pair.setConnected(true);
    expect(await reader.readCard()).toEqual({ ok: true, value: { holder: wang } });
  });

  it('goes offline on a silent module after the status timeout, and recovers', async () => {
    const clock = createManualClock();
    const { reader, sim } = await setUp({ clock });
    sim.placeCard(wang);
    await sim.stop();
    const waited = replyTimeoutMs(COMMAND_SPECS.status, 115200);
    expect(await runOn(clock, reader.readCard())).toEqual({
      ok: false,
      error: { kind: 'reader-offline', detail: `no reply within ${waited} ms` },
    });
    await sim.start();
    expect(await runOn(clock, reader.readCard())).toEqual({ ok: true, value: { holder: wang } });
  });

  it('reports frame-invalid for a corrupted reply, and reads fine afterwards', async () => {
    const { reader, sim, device } = await setUp();
    sim.placeCard(wang);
    device.setTamper((data) => {
      const copy = Uint8Array.from(data);
      copy[copy.length - 1]! ^= 0xff;
      return copy;
    });
    expect(await reader.readCard()).toMatchObject({
      ok: false,
      error: { kind: 'frame-invalid', frameError: { kind: 'bad-checksum' } },
    });
    device.setTamper(undefined);
    expect(await reader.readCard()).toEqual({ ok: true, value: { holder: wang } });
  });

  it('reports card-data-invalid without leaking field values', async () => {
    const { reader, sim } = await setUp();
    sim.placeCard({ ...wang, idNumber: '140902195301050228' });
    const read = await reader.readCard();
    expect(read).toMatchObject({ ok: false, error: { kind: 'card-data-invalid' } });
    expect(JSON.stringify(read)).not.toMatch(/王秀英|140902/);
  });

  it('serialises concurrent calls on the port', async () => {
    const { reader, sim } = await setUp();
    sim.placeCard(wang);
    const results = await Promise.all([reader.readCard(), reader.probe(), reader.readCard()]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.kind))).toEqual(['ok', 'ok', 'no-card']);
  });
});

describe('IdCardReader timing at the line speed', () => {
  it('reads a card at 9600 baud, the read reply taking 1.35 s on the wire', async () => {
    const clock = createManualClock();
    const { reader, sim } = await setUp({ clock, baudRate: 9600, lineBaudRate: 9600 });
    sim.placeCard(wang);
    const started = clock.now();
    expect(await runOn(clock, reader.readCard())).toEqual({ ok: true, value: { holder: wang } });
    // Four replies (11 + 15 + 19 + 1295 bytes) at 10 bits a byte.
    expect(clock.now() - started).toBeGreaterThanOrEqual((1340 * 10) / 9.6);
  });

  it('waits for a slow module at 9600, where a reader timed for 115200 gives up', async () => {
    const clock = createManualClock();
    // The module takes 1.5 s over the read; its reply then needs 1.35 s on a 9600 line.
    const slowRead = { skip: 3 } as const;
    const at9600 = await setUp({ clock, baudRate: 9600, lineBaudRate: 9600 });
    at9600.sim.placeCard(wang);
    at9600.sim.answerLate(1500, slowRead);
    expect(await runOn(clock, at9600.reader.readCard())).toEqual({
      ok: true,
      value: { holder: wang },
    });
    const misinformed = await setUp({ clock, baudRate: 115200, lineBaudRate: 9600 });
    misinformed.sim.placeCard(wang);
    misinformed.sim.answerLate(1500, slowRead);
    // It gives up with part of the reply in: a line error, not a silent module.
    expect(await runOn(clock, misinformed.reader.readCard())).toEqual({
      ok: false,
      error: {
        kind: 'frame-invalid',
        frameError: {
          kind: 'truncated',
          detail: expect.stringMatching(/^reply incomplete after \d+ bytes$/),
        },
      },
    });
  });
});

describe('IdCardReader matching replies to commands', () => {
  it('drops a late reply: the next command still gets its own answer, and the drop is logged', async () => {
    const clock = createManualClock();
    const { reader, sim, log } = await setUp({ clock });
    sim.placeCard(wang);
    const waited = replyTimeoutMs(COMMAND_SPECS.status, 115200);
    sim.answerLate(waited + 150);
    expect(await runOn(clock, reader.readCard())).toMatchObject({
      ok: false,
      error: { kind: 'reader-offline' },
    });
    // The module is still busy with the first status; its late answer and the answer to the
    // next status arrive together, and the extra one must not be taken for "find".
    expect(await runOn(clock, reader.readCard())).toEqual({ ok: true, value: { holder: wang } });
    const discarded = eventsNamed(log.lines, 'device.id-card.reply-discarded');
    expect(discarded).toEqual([
      expect.objectContaining({ reason: 'mismatch', awaiting: '20 01', sw3: 0x90, bytes: 11 }),
    ]);
  });

  it('drops a late read reply arriving after its timeout, and logs no card data', async () => {
    const clock = createManualClock();
    const { reader, sim, log } = await setUp({ clock });
    sim.placeCard(wang);
    const readWait = replyTimeoutMs(COMMAND_SPECS.readTextPhoto, 115200);
    sim.answerLate(readWait + 100, { skip: 3 });
    expect(await runOn(clock, reader.readCard())).toMatchObject({
      ok: false,
      error: { kind: 'reader-offline' },
    });
    // The late 1295-byte read reply arrives while "status" waits: dropped, not decoded.
    expect(await runOn(clock, reader.readCard())).toEqual({
      ok: false,
      error: { kind: 'no-card' },
    });
    expect(eventsNamed(log.lines, 'device.id-card.reply-discarded')).toEqual([
      expect.objectContaining({ reason: 'mismatch', awaiting: '11 FF', sw3: 0x90, bytes: 1295 }),
    ]);
    expect(log.text()).not.toMatch(/王秀英|140902|WLf/);
  });

  it('skips a reply shaped for another command before its own', async () => {
    const { reader, sim, device, log } = await setUp();
    sim.placeCard(wang);
    const findReply = encodeReply([0, 0, SW3.cardFound], new Uint8Array(4));
    let first = true;
    device.setTamper((data) => {
      if (!first) return data;
      first = false;
      return Buffer.concat([findReply, data]);
    });
    expect(await reader.readCard()).toEqual({ ok: true, value: { holder: wang } });
    expect(eventsNamed(log.lines, 'device.id-card.reply-discarded')).toEqual([
      expect.objectContaining({
        reason: 'mismatch',
        awaiting: '11 FF',
        sw3: SW3.cardFound,
        bytes: 15,
      }),
    ]);
  });

  it('skips line noise before a reply', async () => {
    // Noise without 0x69 cannot end a preamble, so it cannot hide the real one.
    const noise = fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((a) => a.filter((b) => b !== 0x69));
    await fc.assert(
      fc.asyncProperty(noise, async (garbage) => {
        const { reader, sim, device } = await setUp();
        sim.placeCard(wang);
        device.setTamper((data) => Buffer.concat([garbage, data]));
        expect(await reader.readCard()).toEqual({ ok: true, value: { holder: wang } });
      }),
      { numRuns: 25 },
    );
  });

  it('logs a reply nobody asked for as unsolicited', async () => {
    const { reader, pair, log } = await setUp();
    expect(await reader.probe()).toEqual({ ok: true, value: undefined });
    await pair.device.write(encodeReply([0, 0, SW3.noCard]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(eventsNamed(log.lines, 'device.id-card.reply-discarded')).toEqual([
      expect.objectContaining({
        reason: 'unsolicited',
        awaiting: null,
        sw3: SW3.noCard,
        bytes: 11,
      }),
    ]);
  });
});

describe('IdCardReader flushing on open', () => {
  /**
   * A port that, like an OS driver, keeps what arrives while it is closed until it is opened
   * and read, unless flushed.
   */
  function bufferingPort(inner: ByteTransport) {
    const held: Buffer[] = [];
    let open = false;
    const listeners = new Set<(chunk: Buffer) => void>();
    const deliver = () => {
      if (!open || listeners.size === 0) return;
      for (const chunk of held.splice(0)) for (const l of listeners) l(chunk);
    };
    inner.onData((chunk) => {
      held.push(chunk);
      deliver();
    });
    const port: ByteTransport = {
      description: 'buffering',
      get isOpen() {
        return open;
      },
      open: async () => {
        open = true;
        return inner.open();
      },
      write: (data) => inner.write(data),
      discardInput: async () => void held.splice(0),
      onData(listener) {
        listeners.add(listener);
        setImmediate(deliver);
        return () => listeners.delete(listener);
      },
      close: async () => {
        open = false;
      },
    };
    return { port, held };
  }

  it('drops what the port buffered before the first command', async () => {
    const pair = createMemoryPair('flush');
    const sim = new IdCardReaderSimulator(pair.device);
    await sim.start();
    await pair.host.open();
    const { port, held } = bufferingPort(pair.host);
    // Without the flush these would be read as the answers to "status" and "find".
    // A stale "card found" from before the agent started sits in the port's buffer.
    await pair.device.write(encodeReply([0, 0, SW3.ok]));
    await pair.device.write(encodeReply([0, 0, SW3.cardFound], new Uint8Array(4)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(held).toHaveLength(2);
    const log = captureLogger();
    const reader = new IdCardReader(port, { logger: log.logger });
    expect(await reader.readCard()).toEqual({ ok: false, error: { kind: 'no-card' } });
    expect(eventsNamed(log.lines, 'device.id-card.reply-discarded')).toEqual([]);
    await reader.close();
    await sim.stop();
  });
});

describe('IdCardReader module commands', () => {
  it('reads the module id in its printable form', async () => {
    const { reader } = await setUp();
    expect(await reader.moduleId()).toEqual({
      ok: true,
      value: '05.01-20101111-0012345678-1234567890',
    });
  });

  it('resets the module', async () => {
    const { reader, sim } = await setUp();
    expect(await reader.reset()).toEqual({ ok: true, value: undefined });
    sim.setFault(SW3.notAuthorised);
    expect(await reader.reset()).toMatchObject({
      ok: false,
      error: { kind: 'reader-fault', sw3: 0x66 },
    });
  });

  it('switches the module, then the port, and times replies at the new rate', async () => {
    const { reader, sim } = await setUp();
    expect(await reader.setBaudRate(9600)).toEqual({ ok: true, value: { baudRate: 9600 } });
    expect(sim.state.baudRate).toBe(9600);
    expect(reader.baudRate).toBe(9600);
    expect(await reader.setBaudRate(4800)).toEqual({
      ok: false,
      error: { kind: 'unsupported-baud-rate', baudRate: 4800 },
    });
    expect(reader.baudRate).toBe(9600);
  });
});
