/**
 * The kiosk-paint benchmark's figures (kiosk-paint.ts): per rate, the taps' times from the page
 * and from Chromium's trace, per transition, and what the home screen ships.
 */
import { gzipSync } from 'node:zlib';
import type { Presentation, TapOrigin, TapWork } from './kiosk-trace.js';
import { ms, stats } from './shared.js';

export interface TapSample {
  kind: string;
  /** The round it was in: the first shows each screen for the first time since the page loaded. */
  round: number;
  /** The screens before and after the tap (`data-screen`), so the slowest transitions are named. */
  from: string;
  to: string;
  /** The origin event's `event.timeStamp` (the tapping's origin), to find the tap's records in the trace. */
  start: number;
  /** From the input event's timestamp to the first frame after the DOM changed. */
  paintMs: number;
  /** The same, ended by a normal-priority task posted from that frame, as before the fifth pass. */
  postedMs: number;
}

export interface EventTimingSample {
  kind: string;
  durationMs: number;
}

export function describe(label: string, values: number[]): string {
  if (values.length === 0) return `${label}: none in the trace`;
  const s = stats(values);
  return `${label}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)} (n ${s.n})`;
}

function describeByKind(samples: { kind: string; value: number }[]): string[] {
  const kinds = [...new Set(samples.map((s) => s.kind))];
  return kinds.map((kind) =>
    describe(
      `  ${kind}`,
      samples.filter((s) => s.kind === kind).map((s) => s.value),
    ),
  );
}

/** One page's taps: the page's samples and what the trace says of them. */
export interface Taps {
  paint: TapSample[];
  eventTiming: EventTimingSample[];
  work: TapWork[];
  presented: Presentation[];
  records: TapRecord[];
  /** Per page: when its idle work was done (ms after navigation start), or null if not by the first tap. */
  idleDone: (number | null)[];
  /** Per page: the bytes in Chromium's glyph caches after its rounds (glyph-cache.ts). */
  glyphCache: number[];
}

/** How the bench taps: from which event a tap is timed, and how long the finger rests. */
export interface Tapping {
  origin: TapOrigin;
  holdMs: number;
}

/** A tap with what the trace says of it, where the trace had it. */
export interface TapRecord extends TapSample {
  work?: TapWork | undefined;
  presented?: Presentation | undefined;
}

const median = (values: number[]) => stats(values).p50;
const fixed = (x: number | undefined, digits = 1) => (x === undefined ? '-' : x.toFixed(digits));

/** One line of a tap's or a transition's figures: times in ms, then Chromium's work counts. */
function tapFigures(taps: TapRecord[]): string {
  const of = (pick: (t: TapRecord) => number | undefined) =>
    taps.map(pick).filter((x): x is number => x !== undefined && !Number.isNaN(x));
  const mid = (pick: (t: TapRecord) => number | undefined, digits = 1) => {
    const values = of(pick);
    return values.length === 0 ? '-' : fixed(median(values), digits);
  };
  const top = (pick: (t: TapRecord) => number | undefined) => {
    const values = of(pick);
    return values.length === 0 ? '-' : fixed(Math.max(...values));
  };
  return [
    `presented ${mid((t) => t.presented?.presentedMs)} (max ${top((t) => t.presented?.presentedMs)})`,
    `committed ${mid((t) => t.presented?.committedMs)}`,
    `handled ${mid((t) => t.presented?.handledMs)}`,
    `raster ${mid((t) => t.presented?.rasterMs)}`,
    `input task CPU ${mid((t) => t.work?.inputTaskCpuMs, 2)} (max ${top((t) => t.work?.inputTaskCpuMs)})`,
    `script ${mid((t) => t.work?.scriptCpuMs, 2)}`,
    `style ${mid((t) => t.work?.styleCpuMs, 2)}`,
    `layout ${mid((t) => t.work?.layoutCpuMs, 2)}`,
    `frame CPU ${mid((t) => t.work?.frameCpuMs, 2)}`,
    `restyled ${mid((t) => t.work?.restyled, 0)}+${mid((t) => t.work?.frameRestyled, 0)}`,
    `laid out ${mid((t) => t.work?.laidOut, 0)}/${mid((t) => t.work?.layoutObjects, 0)}`,
    `hit tests ${mid((t) => t.work?.hitTests, 0)}`,
    `pre-paints ${mid((t) => t.work?.prePaints, 0)}`,
    `forced ${mid((t) => t.work?.forced, 0)}`,
  ].join(', ');
}

/**
 * Per transition (screen before → after, `data-screen`), medians over its taps, slowest first
 * by the slowest tap's presentation: which screen changes make the p95. Times are from the
 * touch (ms): handled = the click's handlers returned, committed = the frame committed,
 * presented = on the glass; CPU times in ms; restyled = elements in the input task + in the
 * frame; laid out = dirty / all layout objects; forced = style or layout run from script.
 */
function describeTransitions(records: TapRecord[]): string[] {
  const groups = new Map<string, TapRecord[]>();
  for (const r of records) {
    const key = `${r.from} → ${r.to} (${r.kind})`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const slowest = (taps: TapRecord[]) =>
    Math.max(...taps.map((t) => t.presented?.presentedMs ?? t.work?.inputTaskCpuMs ?? 0));
  const lines = [...groups.entries()]
    .sort(([, a], [, b]) => slowest(b) - slowest(a))
    .map(([key, taps]) => `  ${key}, n ${taps.length}: ${tapFigures(taps)}`);
  const presented = records.flatMap((r) => (r.presented ? [r.presented.presentedMs] : []));
  if (presented.length === 0) return ['  per transition (medians):', ...lines];
  const p95 = stats(presented).p95;
  const tail = records
    .filter((r) => r.presented && r.presented.presentedMs >= p95)
    .sort((a, b) => b.presented!.presentedMs - a.presented!.presentedMs)
    .map((r) => `    ${r.from} → ${r.to} (${r.kind}): ${tapFigures([r])}`);
  // `BENCH_PAINT_EVERY_TAP=1`: every tap in order, with its round.
  const every =
    process.env.BENCH_PAINT_EVERY_TAP === '1'
      ? [
          '  every tap, in order:',
          ...records.map(
            (r) => `    round ${r.round + 1}, ${r.from} → ${r.to}: ${tapFigures([r])}`,
          ),
        ]
      : [];
  return [
    '  per transition (medians; slowest first):',
    ...lines,
    `  the taps at or over the p95 of touch → presented (${fixed(p95)} ms):`,
    ...tail,
    ...every,
  ];
}

export function describeTaps(rate: number, taps: Taps, tapping: Tapping): string[] {
  const { origin, holdMs } = tapping;
  const { paint, eventTiming, work, presented, records, idleDone, glyphCache } = taps;
  return [
    `kiosk, the page's idle work (rehearsals, guides, glyphs) done before the first tap at ${rate}x: ${idleDone
      .map((t) => (t === null ? 'NOT DONE' : `at ${ms(t)} after navigation start`))
      .join(', ')}`,
    `kiosk, Chromium's glyph caches after the rounds at ${rate}x: ${glyphCache
      .map((bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`)
      .join(', ')}`,
    describe(
      `kiosk, touch (${origin}${holdMs > 0 ? `, ${holdMs} ms after the press` : ', with the release back to back'}) → next screen painted at ${rate}x CPU throttling (rAF + user-blocking task after the DOM changed)`,
      paint.map((s) => s.paintMs),
    ),
    ...describeByKind(paint.map((s) => ({ kind: s.kind, value: s.paintMs }))),
    describe(
      `  the same, ended by a normal-priority posted task (as before the fifth pass)`,
      paint.map((s) => s.postedMs),
    ),
    describe(
      `  touch (${origin}) → the frame after the click presented at ${rate}x (trace, Event Timing unrounded)`,
      presented.map((p) => p.presentedMs),
    ),
    describe(
      `    in the first round (each screen's first showing since the page loaded)`,
      records.flatMap((r) => (r.round === 0 && r.presented ? [r.presented.presentedMs] : [])),
    ),
    describe(
      `    in the later rounds (screens shown before, as on a kiosk in service)`,
      records.flatMap((r) => (r.round > 0 && r.presented ? [r.presented.presentedMs] : [])),
    ),
    ...(origin === 'pointerup'
      ? [
          describe(
            `  the press (pointerdown, ${holdMs} ms before the release) → its own frame presented at ${rate}x`,
            presented.map((p) => p.pressPresentedMs),
          ),
        ]
      : []),
    describe(
      `  touch → that frame committed at ${rate}x (trace)`,
      presented.map((p) => p.committedMs),
    ),
    describe(
      `  Event Timing at ${rate}x (interactions of 16 ms and more; ${eventTiming.length} of ${paint.length} taps)`,
      eventTiming.map((s) => s.durationMs),
    ),
    describe(
      `  main thread, the tap's input task at ${rate}x (trace; ${work.length} taps)`,
      work.map((w) => w.inputTaskMs),
    ),
    describe(
      `  main thread, CPU time of the tap's input task at ${rate}x`,
      work.map((w) => w.inputTaskCpuMs),
    ),
    describe(
      `    in the first round`,
      records.flatMap((r) => (r.round === 0 && r.work ? [r.work.inputTaskCpuMs] : [])),
    ),
    describe(
      `    in the later rounds`,
      records.flatMap((r) => (r.round > 0 && r.work ? [r.work.inputTaskCpuMs] : [])),
    ),
    describe(
      `  main thread, task time from the input to the next frame's paint at ${rate}x`,
      work.map((w) => w.toPaintMs),
    ),
    describe(
      `  main thread, CPU time of those tasks at ${rate}x`,
      work.map((w) => w.toPaintCpuMs),
    ),
    ...describeTransitions(records),
  ];
}

export function describeShipped(shipped: Map<string, { type: string; bytes: Buffer }>): string[] {
  const of = (type: string) => [...shipped.values()].filter((s) => s.type === type);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  return (['script', 'stylesheet'] as const).map((type) => {
    const files = of(type);
    const raw = files.reduce((sum, f) => sum + f.bytes.length, 0);
    const gzip = files.reduce((sum, f) => sum + gzipSync(f.bytes, { level: 9 }).length, 0);
    const what = type === 'script' ? 'JavaScript' : 'CSS';
    return `${what} shipped to the home screen: ${files.length} files, ${kb(raw)} raw, ${kb(gzip)} gzip -9 (each file gzipped alone)`;
  });
}
