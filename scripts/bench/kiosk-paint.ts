/**
 * The kiosk in Chromium on a slow board (docs/benchmarks.md, "Kiosk in the browser"): touch →
 * next screen painted under CPU throttling, the home screen's first load, and the JavaScript
 * and CSS the home screen ships. Needs the built kiosk (`npm run build --workspace kiosk-ui`).
 *
 * Run alone: `npx tsx scripts/bench/kiosk-paint.ts [rounds]`; two builds side by side:
 * `npx tsx scripts/bench/kiosk-paint.ts ab <rate> <rounds> <iterations> <build dir>...`.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { DEFAULT_CONFIG_DIR } from '@bianmin/config';
import { CHROMIUM_LAUNCH_OPTIONS, kioskRenderFlags } from '../chromium.js';
import { startStack, type RunningStack } from '../stack.js';
import { ms, stats, temp } from './shared.js';
import { instrumentPage, type BenchWindow } from './kiosk-page.js';
import { serveBuild } from './serve-build.js';
import { glyphCacheBytes } from './glyph-cache.js';
import { IDLE_WORK_DONE } from '../../kiosk-ui/src/lib/idle-work-mark.js';
import { describeCpuIndex, measureCpuIndex, rateFor } from './cpu-index.js';
import {
  describe,
  describeShipped,
  describeTaps,
  type EventTimingSample,
  type TapRecord,
  type TapSample,
  type Taps,
  type Tapping,
} from './kiosk-report.js';
import { tapWork, touchToPresented, type TraceEvent } from './kiosk-trace.js';

/** A portrait 21.5" kiosk, as the kiosk journey uses. */
const VIEWPORT = { width: 1080, height: 1920 };
/**
 * 1x too: its CPU time per tap is the page's own work, what a busy machine moves least.
 * `BENCH_PAINT_RATES` (comma-separated) may also name a device class, `low` or `mid`: the rate
 * that slows this machine to that class's CPU index (cpu-index.ts).
 */
const THROTTLE_RATES = process.env.BENCH_PAINT_RATES?.split(',') ?? ['1', '4', '6'];
/** `BENCH_PAINT_TRACE=0` measures without the trace, to see what tracing itself costs. */
const TRACED = process.env.BENCH_PAINT_TRACE !== '0';
const FIRST_LOADS = 5;
/**
 * How long the kiosk stands idle on its home screen before the first tap, as a terminal does
 * before its first resident: what the page does in idle periods after loading (the flows'
 * rehearsal and the glyph warm-up, kiosk-ui/src/lib/idle-work.ts) is done by then, also at 6x.
 */
const STANDING_IDLE_MS = Number(process.env.BENCH_PAINT_IDLE_MS ?? 4000);
/**
 * How long the finger rests on the glass in a tap. A screen changes on the release (a click), so
 * the resident waits from the release to the next screen, and the press's own work (its pointer
 * events, the pressed look, speech stopping) is done while the finger is down, in a frame of its
 * own. 100 ms is a quick tap; older hands rest longer. `BENCH_PAINT_HOLD_MS=0` presses and
 * releases back to back and times from the press, as the bench did before 2026-11-27 14:00 UTC.
 */
const HOLD_MS = Number(process.env.BENCH_PAINT_HOLD_MS ?? 100);
/** With a hold, a tap is timed from its release (pointerup); back to back, from its press. */
const TAPPING: Tapping = { origin: HOLD_MS > 0 ? 'pointerup' : 'pointerdown', holdMs: HOLD_MS };
const ORIGIN = TAPPING.origin;
const TRACE_SETTLE_MS = 500;

/**
 * The project's launch options and the kiosk screen's rendering flags (its glyph cache, the
 * features it turns off); `BENCH_PAINT_KIOSK_FLAGS=0` leaves the latter out, as the bench ran
 * before 2026-11-29. `BENCH_PAINT_CHROMIUM_ARGS` (space-separated) adds flags after them.
 */
const launch = () =>
  chromium.launch({
    ...CHROMIUM_LAUNCH_OPTIONS,
    args: [
      ...CHROMIUM_LAUNCH_OPTIONS.args,
      ...(process.env.BENCH_PAINT_KIOSK_FLAGS === '0' ? [] : kioskRenderFlags()),
      ...(process.env.BENCH_PAINT_CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? []),
    ],
  });

async function throttledPage(browser: Browser, rate: number, build?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page = await context.newPage();
  if (build) await serveBuild(page, build);
  await page.addInitScript({ content: instrumentPage(ORIGIN) });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return page;
}

/** A button by its accessible name, as `getByRole('button', { name, exact })` takes it. */
type ButtonName = { name: string | RegExp; exact?: boolean };

/**
 * Presses the middle of a button with the mouse alone, as a touch panel that reports itself as a
 * pointer does. The page finds the button (kiosk-page.ts): Playwright's `click()` would first
 * check the target with listeners of its own in the page, and any of its locators installs
 * listeners for every pointer, mouse and click event there, whose work (0.1-0.5 ms a tap at 6x)
 * would land in the tap's task.
 */
async function press(page: Page, button: ButtonName): Promise<void> {
  const found = await findButton(page, button);
  if (typeof found === 'string') throw new Error(`cannot press: ${found}`);
  if (HOLD_MS === 0) return page.mouse.click(found.x, found.y);
  await page.mouse.move(found.x, found.y);
  await page.mouse.down();
  await page.waitForTimeout(HOLD_MS);
  await page.mouse.up();
}

const findButton = (page: Page, { name, exact = false }: ButtonName) =>
  page.evaluate(([n, e, p]) => (globalThis as unknown as BenchWindow).benchButton(n, e, p), [
    name instanceof RegExp ? name.source : name,
    exact,
    name instanceof RegExp,
  ] as const);

/** A screen shown after a tap, asked for without polling inside the taps measured. */
async function screenShown(page: Page, screen: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  const shown = () => page.evaluate(() => (globalThis as unknown as BenchWindow).benchScreen());
  while ((await shown()) !== screen) {
    if (Date.now() > deadline) throw new Error(`the screen ${screen} did not come`);
    await page.waitForTimeout(50);
  }
}

/** One touch, timed in the page; waits for the screen it leads to. */
async function tap(page: Page, kind: string, button: ButtonName, screen?: string) {
  const before = await page.evaluate((k) => {
    (globalThis as unknown as BenchWindow).benchKind = k;
    return (globalThis as unknown as BenchWindow).benchTaps.length;
  }, kind);
  // Asked before the press, so that the call reaches the page while it is idle, not between the
  // release and its frame; the page answers once the tap's frame has been timed.
  const timed = page.evaluate(
    (n) => (globalThis as unknown as BenchWindow).benchTapTimed(n),
    before,
  );
  timed.catch(() => undefined);
  await press(page, button);
  const shown = await timed;
  if (screen && shown !== screen) await screenShown(page, screen);
}

/**
 * A resident's round through the flows: queue, catalogue, a guide's pages, text size, its
 * take-away, back.
 */
async function round(page: Page): Promise<void> {
  await tap(page, 'home → 排队取号', { name: '排队取号', exact: true }, 'choose-service');
  await tap(page, 'queue list → a service', { name: /社保业务/ }, 'identify');
  await tap(page, 'back', { name: '返回上一步' }, 'choose-service');
  // Having started a service, the resident is offered 好差评 on the way home.
  await tap(page, 'back', { name: '返回首页' }, 'rate-level');
  await tap(page, 'skip rating', { name: '跳过', exact: true }, 'home');
  await tap(page, 'home → 办事指南', { name: '办事指南 · 业务办理' }, 'choose-mode');
  await tap(page, 'mode → catalogue', { name: /标准模式/ }, 'catalogue');
  await tap(page, 'category → service list', { name: '医保', exact: true }, 'category-services');
  await tap(page, 'service → guide', { name: '异地就医备案' }, 'service-guide');
  await tap(page, 'text size', { name: /^字号/ });
  const next = { name: '下一页', exact: true };
  if (typeof (await findButton(page, next)) !== 'string') await tap(page, 'guide next page', next);
  // Its QR code is encoded after the screen's paint (components/QrCode.svelte), not in the tap.
  await tap(page, 'guide → 带走指南', { name: '带走指南', exact: true }, 'guide-take-away');
  await tap(page, 'back', { name: '返回', exact: true }, 'service-guide');
  await tap(page, 'back', { name: '返回', exact: true }, 'category-services');
  await tap(page, 'back', { name: '首页', exact: true }, 'home');
}

async function tapsAt(browser: Browser, url: string, rate: number, rounds: number, build?: string) {
  const page = await throttledPage(browser, rate, build);
  await page.goto(url);
  await screenShown(page, 'home');
  await page.waitForTimeout(STANDING_IDLE_MS);
  const idleDone = await page.evaluate(
    (mark) => performance.getEntriesByName(mark)[0]?.startTime ?? null,
    IDLE_WORK_DONE,
  );
  if (TRACED)
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        // `BENCH_PAINT_TRACE_CATEGORIES=v8,disabled-by-default-v8.cpu_profiler` adds the JavaScript
        // samples and V8's compile events, for the Performance panel's call tree.
        ...(process.env.BENCH_PAINT_TRACE_CATEGORIES?.split(',') ?? []),
      ],
    });
  // Tracing starts in the renderer a little after the browser answers: the first tap waits, or
  // its press may not be in the trace.
  await page.waitForTimeout(TRACE_SETTLE_MS);
  for (let i = 0; i < rounds; i++) {
    await page.evaluate((r) => ((globalThis as unknown as BenchWindow).benchRound = r), i);
    await round(page);
  }
  // The last tap's Event Timing record comes with its frame's presentation, after the page's end.
  await page.waitForTimeout(TRACE_SETTLE_MS);
  const trace = TRACED ? await browser.stopTracing() : Buffer.from('{"traceEvents":[]}');
  const glyphCache = await glyphCacheBytes(browser);
  // For a look in DevTools' Performance panel or chrome://tracing.
  const traceDir = process.env.BENCH_PAINT_TRACE_DIR;
  if (traceDir) writeFileSync(join(traceDir, `kiosk-paint-${rate}x-${Date.now()}.json`), trace);
  const { taps, events } = await page.evaluate(() => ({
    taps: (globalThis as unknown as BenchWindow).benchTaps,
    events: (globalThis as unknown as BenchWindow).benchEvents,
  }));
  await page.context().close();
  const paint: TapSample[] = taps.map((t) => ({
    kind: t.kind,
    round: t.round,
    from: t.from,
    to: t.to ?? 'none',
    start: t.start,
    paintMs: t.end! - t.start,
    postedMs: t.endPosted! - t.start,
  }));
  // An interaction's latency is its longest event (pointerdown, pointerup, click).
  const byInteraction = new Map<number, EventTimingSample>();
  for (const e of events) {
    const seen = byInteraction.get(e.interactionId);
    if (!seen || seen.durationMs < e.duration)
      byInteraction.set(e.interactionId, { kind: e.kind, durationMs: e.duration });
  }
  const { traceEvents } = JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] };
  const work = tapWork(traceEvents);
  const presented = touchToPresented(traceEvents, ORIGIN);
  // The trace's clicks are the page's taps, in order, when every one was found in it.
  const records: TapRecord[] = paint.map((sample, i) => ({
    ...sample,
    ...(work.length === paint.length && { work: work[i] }),
    presented: presented.find((p) => Math.abs(p.origin - sample.start) < 1),
  }));
  return {
    paint,
    eventTiming: [...byInteraction.values()],
    work,
    presented,
    records,
    idleDone: [idleDone],
    glyphCache: [glyphCache],
  };
}

async function firstLoads(
  browser: Browser,
  url: string,
  rate: number,
  loads = FIRST_LOADS,
  build?: string,
) {
  const painted: number[] = [];
  const shipped = new Map<string, { type: string; bytes: Buffer; encoding?: string }>();
  for (let i = 0; i < loads; i++) {
    const page = await throttledPage(browser, rate, build);
    if (i === 0) {
      page.on('response', (response) => {
        const type = response.request().resourceType();
        if (type !== 'script' && type !== 'stylesheet') return;
        const encoding = response.headers()['content-encoding'];
        void response.body().then(
          (bytes) => shipped.set(response.url(), { type, bytes, ...(encoding && { encoding }) }),
          () => undefined,
        );
      });
    }
    await page.goto(url);
    // The observer's clock starts at navigation start (the page's time origin).
    painted.push(
      await page.evaluate(() => (globalThis as unknown as BenchWindow).benchHomeTimed()),
    );
    await page.context().close();
  }
  return { painted, shipped };
}

/**
 * The stack as a terminal runs it: the production profile, with the simulators allowed so the
 * flows have a reader and printer. On the development profile the kiosk also shows the
 * development panel, which polls the agent every second and re-renders, and a poll landing in
 * a tap is measured with it. `BENCH_PAINT_DEV=1` keeps the development profile.
 */
async function kioskStack(name: string): Promise<RunningStack> {
  const dataDir = temp(`${name}-stack`);
  const output = { logDir: temp(`${name}-stack-logs`) };
  if (process.env.BENCH_PAINT_DEV === '1') return startStack({ dataDir, output });
  const configDir = temp(`${name}-config`);
  cpSync(DEFAULT_CONFIG_DIR, configDir, { recursive: true });
  const devicesFile = join(configDir, 'devices.json');
  const devices = JSON.parse(readFileSync(devicesFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(
    devicesFile,
    JSON.stringify({ ...devices, profile: 'production', allowSimulatorsInProduction: true }),
  );
  return startStack({ dataDir, output, configDir });
}

export async function benchKioskPaint(rounds = 3): Promise<string[]> {
  const stack = await kioskStack('paint');
  const browser = await launch();
  const lines: string[] = [];
  try {
    const numeric = THROTTLE_RATES.map(Number).filter((rate) => Number.isFinite(rate));
    const cpu = await measureCpuIndex(browser, numeric);
    lines.push(...describeCpuIndex(cpu));
    for (const token of THROTTLE_RATES) {
      const rate = rateFor(token, cpu);
      lines.push(
        ...(rate === undefined
          ? [`no taps at ${token}: this machine is slower than that device class unthrottled`]
          : describeTaps(rate, await tapsAt(browser, stack.urls.kiosk, rate, rounds), TAPPING)),
      );
    }
    const { painted, shipped } = await firstLoads(browser, stack.urls.kiosk, 4);
    lines.push(
      `kiosk, first load of the home screen at 4x CPU throttling, navigation start → home painted (cold, new context, cache off): median ${ms(stats(painted).p50)}, max ${ms(stats(painted).max)} over ${painted.length} loads`,
      ...describeShipped(shipped),
    );
    const encodings = [...new Set([...shipped.values()].map((s) => s.encoding ?? 'none'))];
    lines.push(`  (the agent served them with content-encoding: ${encodings.join(', ')})`);
    return lines;
  } finally {
    await browser.close();
    await stack.stop();
  }
}

/** The builds with their indexes, rotated by `turn`: each goes first in turn. */
function inTurn(builds: string[], turn: number): [number, string][] {
  const indexed = [...builds.entries()];
  const k = turn % builds.length;
  return [...indexed.slice(k), ...indexed.slice(0, k)];
}

/**
 * Two or more builds of the kiosk compared in the same minutes, alternating: each `iterations`
 * times, every build serves a fresh page for `rounds` rounds; the figures are pooled per build.
 * `npx tsx scripts/bench/kiosk-paint.ts ab <rate> <rounds> <iterations> <build dir>...`; at rate 1
 * the CPU time is the page's own work, the least moved by a busy machine.
 */
async function compareBuilds(rate: number, rounds: number, iterations: number, builds: string[]) {
  const stack = await kioskStack('paint-ab');
  const browser = await launch();
  const pooled = builds.map((): Taps => ({
    paint: [],
    eventTiming: [],
    work: [],
    presented: [],
    records: [],
    idleDone: [],
    glyphCache: [],
  }));
  try {
    // The page measured first after a pause runs slower (the browser and the machine settle), so
    // the builds take turns at going first.
    for (let i = 0; i < iterations; i++) {
      for (const [b, build] of inTurn(builds, i)) {
        const taps = await tapsAt(browser, stack.urls.kiosk, rate, rounds, build);
        pooled[b]!.paint.push(...taps.paint);
        pooled[b]!.eventTiming.push(...taps.eventTiming);
        pooled[b]!.work.push(...taps.work);
        pooled[b]!.presented.push(...taps.presented);
        pooled[b]!.records.push(...taps.records);
        pooled[b]!.idleDone.push(...taps.idleDone);
        pooled[b]!.glyphCache.push(...taps.glyphCache);
      }
    }
    return builds.flatMap((build, b) => [
      `build ${build}:`,
      ...describeTaps(rate, pooled[b]!, TAPPING),
    ]);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

/**
 * The first load of two or more builds, alternating one load of each at a time:
 * `npx tsx scripts/bench/kiosk-paint.ts ab-load <rate> <loads> <build dir>...`.
 */
async function compareFirstLoads(rate: number, loads: number, builds: string[]) {
  const stack = await kioskStack('paint-ab-load');
  const browser = await launch();
  const painted = builds.map(() => [] as number[]);
  try {
    for (let i = 0; i < loads; i++) {
      for (const [b, build] of inTurn(builds, i)) {
        painted[b]!.push(...(await firstLoads(browser, stack.urls.kiosk, rate, 1, build)).painted);
      }
    }
    return builds.map((build, b) =>
      describe(
        `build ${build}: first load of the home screen at ${rate}x, navigation start → home painted`,
        painted[b]!,
      ),
    );
  } finally {
    await browser.close();
    await stack.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [first, ...rest] = process.argv.slice(2);
  const lines =
    first === 'ab'
      ? await compareBuilds(Number(rest[0]), Number(rest[1]), Number(rest[2]), rest.slice(3))
      : first === 'ab-load'
        ? await compareFirstLoads(Number(rest[0]), Number(rest[1]), rest.slice(2))
        : await benchKioskPaint(Number(first ?? 3));
  for (const line of lines) console.log(line);
}
