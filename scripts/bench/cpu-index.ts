/**
 * How fast this machine's Chromium is, so that a throttled figure can be read against a class of
 * device. CPU throttling slows the page relative to the machine it runs on: 6x on a fast machine
 * is a faster "board" than 6x on a slow one, and figures from different machines compare only
 * once each machine's speed is known. The yardstick is Lighthouse's BenchmarkIndex, the one Chrome
 * DevTools' CPU calibration uses to pick its "low-tier" and "mid-tier mobile" rates
 * (docs/benchmarks.md, "This machine's speed").
 */
import type { Browser, CDPSession } from '@playwright/test';

/**
 * The index of the two device classes DevTools calibrates to, as its calibration states them: a
 * low-tier phone (a Moto G Power 2022) and a mid-tier one (a Pixel 5).
 */
const DEVICE_CLASSES = [
  { id: 'low', name: 'low-tier mobile (Moto G Power 2022)', index: 264 },
  { id: 'mid', name: 'mid-tier mobile (Pixel 5)', index: 1000 },
] as const;
type DeviceClassId = (typeof DEVICE_CLASSES)[number]['id'];

const RUN_MS = 250;
const RUNS = 5;
/** DevTools counts a rate within 10 points of the target as a match. */
const CLOSE_ENOUGH = 10;
const BISECTIONS = 8;

/**
 * Lighthouse's BenchmarkIndex, in the page: half the time building a 10,000-character string
 * over and over (allocation and garbage collection), half copying 100,000 integers between two
 * arrays; each part counts its rounds per second over ten, and the index is their mean. A string,
 * not a function, because the bench's TypeScript loader adds helpers to functions that the page
 * does not have.
 */
const INDEX_IN_PAGE = `(duration) => {
  const half = duration / 2;
  const strings = () => {
    const start = Date.now();
    let rounds = 0;
    while (Date.now() - start < half) {
      let s = '';
      for (let j = 0; j < 10000; j++) s += 'a';
      if (s.length === 1) throw new Error('keeps the loop from being optimised away');
      rounds++;
    }
    return Math.round(rounds / 10 / ((Date.now() - start) / 1000));
  };
  const copies = () => {
    const a = [];
    const b = [];
    for (let i = 0; i < 100000; i++) a[i] = b[i] = i;
    const start = Date.now();
    let rounds = 0;
    // Date.now() on every tenth round only, as Lighthouse does.
    while (rounds % 10 !== 0 || Date.now() - start < half) {
      const from = rounds % 2 === 0 ? a : b;
      const to = rounds % 2 === 0 ? b : a;
      for (let j = 0; j < from.length; j++) to[j] = from[j];
      rounds++;
    }
    return Math.round(rounds / 10 / ((Date.now() - start) / 1000));
  };
  return (strings() + copies()) / 2;
}`;

export interface CpuIndex {
  /** The index at each throttling rate measured: the median of five runs of 250 ms. */
  atRate: Map<number, number>;
  /** The rate that brings this machine to each device class's index (DevTools' bisection). */
  classRate: Map<DeviceClassId, number>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Measures in a blank page of its own, before the kiosk's pages, so nothing else runs beside it. */
export async function measureCpuIndex(browser: Browser, rates: number[]): Promise<CpuIndex> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp: CDPSession = await context.newCDPSession(page);
    await page.evaluate(`window.benchmarkIndex = ${INDEX_IN_PAGE}`);
    const run = async (rate: number, runs: number) => {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const scores: number[] = [];
      for (let i = 0; i < runs; i++) {
        scores.push(Number(await page.evaluate(`benchmarkIndex(${RUN_MS})`)));
      }
      return median(scores);
    };
    // The first run warms V8 up, as DevTools' calibration does.
    await run(1, 1);
    const atRate = new Map<number, number>();
    for (const rate of new Set([1, ...rates])) atRate.set(rate, await run(rate, RUNS));
    const classRate = new Map<DeviceClassId, number>();
    for (const device of DEVICE_CLASSES) {
      const rate = await bisect(device.index, 1, (atRate.get(1)! / device.index) * 1.5, (r) =>
        run(r, 3),
      );
      if (rate !== undefined) classRate.set(device.id, rate);
    }
    return { atRate, classRate };
  } finally {
    await context.close();
  }
}

/**
 * The throttling rate whose index is within 10 points of `target`, by halving [lower, upper] as
 * DevTools does; none when the machine is slower than the target unthrottled.
 */
async function bisect(
  target: number,
  lower: number,
  upper: number,
  indexAt: (rate: number) => Promise<number>,
): Promise<number | undefined> {
  if (upper <= lower) return undefined;
  let rate = lower;
  for (let i = 0; i < BISECTIONS; i++) {
    // Chromium keeps the rate to hundredths.
    rate = Number(((lower + upper) / 2).toFixed(2));
    const index = await indexAt(rate);
    if (Math.abs(index - target) < CLOSE_ENOUGH) break;
    if (index < target) upper = rate;
    else lower = rate;
  }
  return rate;
}

/** A throttling rate as `BENCH_PAINT_RATES` names it: a number, or a device class (`low`, `mid`). */
export function rateFor(token: string, cpu: CpuIndex): number | undefined {
  const device = DEVICE_CLASSES.find((d) => d.id === token);
  if (device) return cpu.classRate.get(device.id);
  const rate = Number(token);
  if (!Number.isFinite(rate) || rate < 1) {
    throw new Error(`BENCH_PAINT_RATES: "${token}" is neither a rate of 1 or more nor low or mid`);
  }
  return rate;
}

export function describeCpuIndex(cpu: CpuIndex): string[] {
  const rates = [...cpu.atRate].map(([rate, index]) => `${rate}x ${Math.round(index)}`);
  const classes = DEVICE_CLASSES.filter((d) => cpu.classRate.has(d.id)).map(
    (d) => `${d.name}, index ${d.index}: ${cpu.classRate.get(d.id)!.toFixed(2)}x`,
  );
  return [
    `this machine's Chromium, CPU index (Lighthouse BenchmarkIndex, as DevTools' CPU calibration; median of ${RUNS} runs of ${RUN_MS} ms): ${rates.join(', ')}`,
    `  the rate that makes this machine a ${classes.length > 0 ? classes.join('; ') : 'device of either class: none (the machine is slower unthrottled)'}`,
  ];
}
