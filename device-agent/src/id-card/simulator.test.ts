import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@bianmin/common';
import { createMemoryPair, type ByteTransport } from '../transport/index.js';
import { COMMANDS, SW3 } from './commands.js';
import { decodeReply, encodeCommand } from './frame.js';
import { FrameAssembler } from './frame-assembler.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';
import { IdCardReaderSimulator } from './simulator.js';

/** Collects whole reply frames arriving at the host end, reassembled as the driver does. */
function replies(host: ByteTransport) {
  const assembler = new FrameAssembler('reply');
  const frames: Buffer[] = [];
  let arrived: (() => void) | undefined;
  host.onData((chunk) => {
    for (const frame of assembler.push(chunk)) {
      if (!frame.ok) throw new Error(`bad reply frame: ${frame.error.kind}`);
      frames.push(Buffer.from(frame.value.bytes));
    }
    arrived?.();
  });
  return {
    frames,
    async next(): Promise<Buffer> {
      while (frames.length === 0) await new Promise<void>((resolve) => (arrived = resolve));
      return frames.shift() as Buffer;
    },
  };
}

async function setUp() {
  const pair = createMemoryPair('sim-test');
  const sim = new IdCardReaderSimulator(pair.device);
  await sim.start();
  await pair.host.open();
  const inbox = replies(pair.host);
  const send = (cmd: { cmd: number; para: number }) =>
    pair.host.write(encodeCommand(cmd.cmd, cmd.para));
  const sw3 = async () => {
    const r = decodeReply(await inbox.next());
    if (!r.ok) throw new Error(r.error.kind);
    return r.value.sw3;
  };
  stops.push(() => sim.stop());
  return { pair, sim, inbox, send, sw3 };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('IdCardReaderSimulator on the wire', () => {
  it('reassembles a command sent one byte at a time, after noise', async () => {
    const { pair, sw3 } = await setUp();
    const bytes = [0x00, 0x13, 0xaa, ...encodeCommand(0x11, 0xff)];
    for (const b of bytes) await pair.host.write(Uint8Array.of(b));
    expect(await sw3()).toBe(SW3.ok);
  });

  it('answers two commands arriving in one chunk, in order', async () => {
    const { pair, sim, inbox, sw3 } = await setUp();
    sim.placeCard(SAMPLE_IDENTITIES[0]!.holder);
    await pair.host.write(
      Buffer.concat([
        encodeCommand(COMMANDS.status.cmd, COMMANDS.status.para),
        encodeCommand(COMMANDS.find.cmd, COMMANDS.find.para),
      ]),
    );
    expect(await sw3()).toBe(SW3.ok);
    expect(await sw3()).toBe(SW3.cardFound);
    expect(inbox.frames).toHaveLength(0);
  });

  it('replies 1295 bytes to read text+photo, then models read-once', async () => {
    const { send, sim, inbox, sw3 } = await setUp();
    sim.placeCard(SAMPLE_IDENTITIES[1]!.holder);
    await send(COMMANDS.readTextPhoto);
    const frame = await inbox.next();
    expect(frame.length).toBe(1295);
    expect(frame.subarray(5, 13).toString('hex')).toBe('0508000090010004');
    expect(sim.state).toEqual({ card: 'read', fault: null, baudRate: 115200 });
    await send(COMMANDS.find);
    expect(await sw3()).toBe(SW3.noCard);
    sim.removeCard();
    sim.placeCard(SAMPLE_IDENTITIES[1]!.holder);
    await send(COMMANDS.find);
    expect(await sw3()).toBe(SW3.cardFound);
  });

  it('carries 0, 512 or 1024 fingerprint bytes after the photo for 30 10', async () => {
    const { send, sim, inbox } = await setUp();
    for (const [fingerprints, size, lengths] of [
      [0, 1297, '0100' + '0400' + '0000'],
      [1, 1809, '0100' + '0400' + '0200'],
      [2, 2321, '0100' + '0400' + '0400'],
    ] as const) {
      sim.placeCard(SAMPLE_IDENTITIES[1]!.holder, { fingerprints });
      await send(COMMANDS.readTextPhotoFingerprint);
      const frame = await inbox.next();
      expect(frame.length).toBe(size);
      expect(frame.subarray(10, 16).toString('hex')).toBe(lengths);
      sim.removeCard();
    }
  });

  it('answers module id with the 16-byte SAM id, reset and status with a bare 90', async () => {
    const { send, inbox } = await setUp();
    await send(COMMANDS.moduleId);
    const id = await inbox.next();
    expect(id.length).toBe(27);
    expect(id.subarray(10, 26).toString('hex')).toBe(
      '0500' +
        '0100' +
        Buffer.from(Uint32Array.of(20101111).buffer).toString('hex') +
        Buffer.from(Uint32Array.of(12345678).buffer).toString('hex') +
        Buffer.from(Uint32Array.of(1234567890).buffer).toString('hex'),
    );
    for (const command of [COMMANDS.reset, COMMANDS.status]) {
      await send(command);
      expect((await inbox.next()).toString('hex')).toBe(
        'aaaaaa966900040000 90 94'.replaceAll(' ', ''),
      );
    }
  });

  it('answers the newest address with 70 UCS-2 bytes, or 91 when the card has none', async () => {
    const { send, sim, inbox, sw3 } = await setUp();
    sim.placeCard(SAMPLE_IDENTITIES[0]!.holder, { newestAddress: '新地址' });
    await send(COMMANDS.readNewestAddress);
    const frame = await inbox.next();
    expect(frame.length).toBe(81);
    expect(frame.subarray(10, 16).toString('utf16le')).toBe('新地址');
    sim.removeCard();
    sim.placeCard(SAMPLE_IDENTITIES[0]!.holder);
    await send(COMMANDS.readNewestAddress);
    expect(await sw3()).toBe(SW3.itemNotOnCard);
    sim.removeCard();
    await send(COMMANDS.readNewestAddress);
    expect(await sw3()).toBe(SW3.noCard);
  });

  it('answers set-baud at the old rate, then switches; RF frame size takes one byte', async () => {
    const { pair, send, sim, sw3 } = await setUp();
    await send(COMMANDS.setBaud19200);
    expect(await sw3()).toBe(SW3.ok);
    expect(sim.state.baudRate).toBe(19200);
    await send({ cmd: 0x60, para: 0x05 });
    expect(await sw3()).toBe(SW3.badCommand);
    await send(COMMANDS.setMaxRfFrameSize);
    expect(await sw3()).toBe(SW3.badCommand);
    const { cmd, para } = COMMANDS.setMaxRfFrameSize;
    await pair.host.write(encodeCommand(cmd, para, Uint8Array.of(0x40)));
    expect(await sw3()).toBe(SW3.ok);
  });

  it('holds a late answer back and the answers after it behind it, on its clock', async () => {
    const clock = createManualClock();
    const pair = createMemoryPair('sim-late');
    const sim = new IdCardReaderSimulator(pair.device, { clock });
    await sim.start();
    stops.push(() => sim.stop());
    await pair.host.open();
    const inbox = replies(pair.host);
    sim.answerLate(1000, { skip: 1 });
    for (const command of [COMMANDS.status, COMMANDS.find, COMMANDS.status]) {
      await pair.host.write(encodeCommand(command.cmd, command.para));
    }
    expect(decodeReply(await inbox.next())).toMatchObject({ ok: true, value: { sw3: SW3.ok } });
    await clock.advance(999);
    expect(inbox.frames).toHaveLength(0);
    await clock.advance(1);
    expect(decodeReply(await inbox.next())).toMatchObject({ ok: true, value: { sw3: SW3.noCard } });
    expect(decodeReply(await inbox.next())).toMatchObject({ ok: true, value: { sw3: SW3.ok } });
  });

  it('refuses a module id not of the printable form', () => {
    expect(
      () => new IdCardReaderSimulator(createMemoryPair('x').device, { moduleId: 'SAM-1' }),
    ).toThrow(RangeError);
  });

  it('answers 10 to a bad checksum, 21 to an unknown command, 11-byte errors', async () => {
    const { pair, send, inbox, sw3 } = await setUp();
    const corrupt = Buffer.from(encodeCommand(0x11, 0xff));
    corrupt[corrupt.length - 1]! ^= 0x5a;
    await pair.host.write(corrupt);
    const frame = await inbox.next();
    expect(frame.length).toBe(11);
    expect(decodeReply(frame)).toMatchObject({ ok: true, value: { sw3: SW3.checksumError } });
    await send({ cmd: 0x77, para: 0x01 });
    expect(await sw3()).toBe(SW3.badCommand);
  });

  it('reports select failed for a badly placed card, and a set fault to everything', async () => {
    const { send, sim, sw3 } = await setUp();
    sim.placeCardBadly();
    await send(COMMANDS.find);
    expect(await sw3()).toBe(SW3.cardFound);
    await send(COMMANDS.select);
    expect(await sw3()).toBe(SW3.selectFailed);
    sim.setFault(SW3.selfTestFailed);
    await send(COMMANDS.status);
    expect(await sw3()).toBe(SW3.selfTestFailed);
    expect(sim.state).toEqual({ card: 'bad', fault: 0x60, baudRate: 115200 });
  });

  it('rejects start() when its port cannot be opened (a broken dev setup)', async () => {
    const pair = createMemoryPair('sim-unplugged');
    pair.setConnected(false);
    await expect(new IdCardReaderSimulator(pair.device).start()).rejects.toThrow(/unplugged/);
  });
});
