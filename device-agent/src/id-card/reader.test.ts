import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryPair, type ByteTransport } from '../transport/index.js';
import { SW3 } from './commands.js';
import { IdCardReader } from './reader.js';
import { SAMPLE_IDENTITIES } from './sample-identities.js';
import { IdCardReaderSimulator } from './simulator.js';

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

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setUp(replyTimeoutMs = 200) {
  const pair = createMemoryPair('reader-test');
  const device = tamperable(pair.device);
  const sim = new IdCardReaderSimulator(device.transport);
  await sim.start();
  const reader = new IdCardReader(pair.host, { replyTimeoutMs });
  cleanups.push(async () => {
    await reader.close();
    await sim.stop();
  });
  return { pair, sim, reader, device };
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

  it('returns the holder only: no photo leaves the driver', async () => {
    const { reader, sim } = await setUp();
    sim.placeCard(wang);
    const read = await reader.readCard();
    expect(read.ok && Object.keys(read.value)).toEqual(['holder']);
  });

  it('asks to place the card flat when select fails', async () => {
    const { reader, sim } = await setUp();
    sim.placeCardBadly();
    expect(await reader.readCard()).toEqual({
      ok: false,
      error: { kind: 'card-unreadable', hint: 'place-flat' },
    });
  });

  it('reports a module fault with its meaning, and probe sees it too', async () => {
    const { reader, sim } = await setUp();
    sim.placeCard(wang);
    sim.setFault(SW3.selfTestFailed);
    const expected = { kind: 'reader-fault', sw3: 0x60, meaning: 'module self-test failed' };
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

  it('goes offline on a silent module (timeout) and recovers when it answers again', async () => {
    const { reader, sim } = await setUp(100);
    sim.placeCard(wang);
    await sim.stop();
    expect(await reader.readCard()).toEqual({
      ok: false,
      error: { kind: 'reader-offline', detail: 'no reply within 100 ms' },
    });
    await sim.start();
    expect(await reader.readCard()).toEqual({ ok: true, value: { holder: wang } });
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
