import { afterEach, describe, expect, it } from 'vitest';
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
    expect(sim.state).toEqual({ card: 'read', fault: null });
    await send(COMMANDS.find);
    expect(await sw3()).toBe(SW3.noCard);
    sim.removeCard();
    sim.placeCard(SAMPLE_IDENTITIES[1]!.holder);
    await send(COMMANDS.find);
    expect(await sw3()).toBe(SW3.cardFound);
  });

  it('carries a zero fingerprint length for 30 10 (1297 bytes)', async () => {
    const { send, sim, inbox } = await setUp();
    sim.placeCard(SAMPLE_IDENTITIES[1]!.holder);
    await send(COMMANDS.readTextPhotoFingerprint);
    expect((await inbox.next()).length).toBe(1297);
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
    expect(sim.state).toEqual({ card: 'bad', fault: 0x60 });
  });

  it('rejects start() when its port cannot be opened (a broken dev setup)', async () => {
    const pair = createMemoryPair('sim-unplugged');
    pair.setConnected(false);
    await expect(new IdCardReaderSimulator(pair.device).start()).rejects.toThrow(/unplugged/);
  });
});
