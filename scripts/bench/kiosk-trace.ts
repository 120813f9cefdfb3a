/**
 * What the kiosk-paint benchmark reads from Chromium's trace of its taps (kiosk-paint.ts): each
 * tap's main-thread work and rendering counts, and Chromium's own Event Timing records of when
 * the frame after a tap was committed and presented (docs/benchmarks.md, "Kiosk in the browser").
 */

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event: a throttled thread is paused, so this is unthrottled. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    elementCount?: number;
    beginData?: { dirtyObjects?: number; totalObjects?: number };
    data?: {
      type?: string;
      interactionId?: number;
      timeStamp?: number;
      duration?: number;
      processingEnd?: number;
      commitFinishTime?: number;
    };
  };
}

/** Chromium's rendering work in one task, from the trace's events nested in it. */
interface RenderingWork {
  /** Elements whose style was recalculated (`UpdateLayoutTree`'s `elementCount`, summed). */
  restyled: number;
  /** Layout objects laid out (`Layout`'s `dirtyObjects`, summed) and the tree's size at the last. */
  laidOut: number;
  layoutObjects: number;
  hitTests: number;
  prePaints: number;
  /** Style recalculations and layouts run from inside the page's script (a read after a write). */
  forced: number;
  /** CPU time of the page's script (`FunctionCall` and microtasks, outermost only). */
  scriptCpuMs: number;
  /** CPU time of the style recalculations and of the layouts. */
  styleCpuMs: number;
  layoutCpuMs: number;
}

export interface TapWork extends RenderingWork {
  /** The one main-thread task that dispatches the tap's input events and swaps the screen. */
  inputTaskMs: number;
  /** That task's CPU time: at 1x the page's own work for the tap, before the frame. */
  inputTaskCpuMs: number;
  /** Main-thread task time from that task's start to the end of the next frame's paint. */
  toPaintMs: number;
  /**
   * The CPU time of those tasks. Chromium's throttle spins in a signal handler for (rate - 1)
   * times the wall time the thread last ran, so at a rate above 1 this counts the spin, and time
   * the thread lost to other processes is multiplied too; at 1x it is the page's own work.
   */
  toPaintCpuMs: number;
  /** The CPU time of the task that ran the frame's style, layout and paint. */
  frameCpuMs: number;
  /** The elements the frame itself restyled (work left from the input task to the frame). */
  frameRestyled: number;
}

const SCRIPT_EVENTS = new Set(['FunctionCall', 'RunMicrotasks', 'V8.RunMicrotasks']);

function renderingWork(inside: TraceEvent[]): RenderingWork {
  const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
  const scripts: TraceEvent[] = [];
  for (const e of inside) {
    if (e.ph !== 'X' || !SCRIPT_EVENTS.has(e.name)) continue;
    const last = scripts.at(-1);
    if (!last || e.ts >= end(last)) scripts.push(e);
  }
  const inScript = (e: TraceEvent) => scripts.some((f) => f.ts <= e.ts && end(e) <= end(f));
  const cpu = (events: TraceEvent[]) => events.reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
  const styles = inside.filter((e) => e.ph === 'X' && e.name === 'UpdateLayoutTree');
  const layouts = inside.filter((e) => e.ph === 'X' && e.name === 'Layout');
  return {
    restyled: styles.reduce((sum, e) => sum + (e.args?.elementCount ?? 0), 0),
    laidOut: layouts.reduce((sum, e) => sum + (e.args?.beginData?.dirtyObjects ?? 0), 0),
    layoutObjects: layouts.at(-1)?.args?.beginData?.totalObjects ?? 0,
    hitTests: inside.filter((e) => e.ph === 'X' && e.name === 'HitTest').length,
    prePaints: inside.filter((e) => e.ph === 'X' && e.name === 'PrePaint').length,
    forced: [...styles, ...layouts].filter(inScript).length,
    scriptCpuMs: cpu(scripts),
    styleCpuMs: cpu(styles),
    layoutCpuMs: cpu(layouts),
  };
}

/**
 * Per tap, the renderer's main-thread work from a `devtools.timeline` trace: task durations
 * count only the CPU the page got, so they move less with a busy machine than wall time does.
 */
export function tapWork(traceEvents: TraceEvent[]): TapWork[] {
  const clicks = traceEvents.filter(
    (e) => e.ph === 'X' && e.name === 'EventDispatch' && e.args?.data?.type === 'click',
  );
  const main = traceEvents.find(
    (e) =>
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      clicks.some((c) => c.pid === e.pid && c.tid === e.tid),
  );
  if (!main) return [];
  const onMain = traceEvents
    .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid)
    .sort((a, b) => a.ts - b.ts);
  // Top-level tasks only: a nested run loop's tasks are inside their parent's time.
  const tasks: TraceEvent[] = [];
  for (const e of onMain) {
    if (e.name !== 'RunTask') continue;
    const last = tasks.at(-1);
    if (!last || e.ts >= last.ts + last.dur!) tasks.push(e);
  }
  const end = (e: TraceEvent) => e.ts + (e.dur ?? 0);
  const within = (task: TraceEvent) =>
    onMain.filter((e) => e !== task && e.ts >= task.ts && end(e) <= end(task));
  const work: TapWork[] = [];
  for (const click of onMain.filter((e) => clicks.includes(e))) {
    const input = tasks.find((t) => t.ts <= click.ts && end(t) >= end(click));
    if (!input) continue;
    const paint = onMain.find((e) => e.name === 'Paint' && e.ts >= end(input));
    const frame = paint && tasks.find((t) => t.ts <= paint.ts && end(t) >= end(paint));
    if (!frame) continue;
    const counted = tasks.filter((t) => t.ts >= input.ts && end(t) <= end(frame));
    work.push({
      inputTaskMs: input.dur! / 1000,
      inputTaskCpuMs: (input.tdur ?? 0) / 1000,
      toPaintMs: counted.reduce((sum, t) => sum + t.dur!, 0) / 1000,
      toPaintCpuMs: counted.reduce((sum, t) => sum + (t.tdur ?? 0), 0) / 1000,
      frameCpuMs: (frame.tdur ?? 0) / 1000,
      frameRestyled: renderingWork(within(frame)).restyled,
      ...renderingWork(within(input)),
    });
  }
  return work;
}

/** One tap's times from its origin, by Chromium's Event Timing records in the trace. */
export interface Presentation {
  /** The origin event's `timeStamp` (the page's clock), to find the tap in the page's samples. */
  origin: number;
  /** Until the click's handlers returned. */
  handledMs: number;
  /** Until the main thread committed the first frame after the click. */
  committedMs: number;
  /** Until that frame was presented: on the glass. */
  presentedMs: number;
  /**
   * The raster workers' time (`RasterTask`, summed over threads) between the click's handlers
   * and the presentation: drawing the frame's tiles, glyphs included, off the main thread and so
   * not slowed by the CPU throttle.
   */
  rasterMs: number;
  /**
   * The press's own latency: from the pointerdown to the frame after its handlers presented
   * (its Event Timing `duration`). With the release a while later, this is the frame that shows
   * the pressed control; back to back with the release, it is the screen change's frame.
   */
  pressPresentedMs: number;
}

/** The event a tap is timed from: the release (a finger that rested) or the press (back to back). */
export type TapOrigin = 'pointerdown' | 'pointerup';

/**
 * Per tap, from the touch to the frame with the next screen on the glass, by Chromium's own
 * Event Timing records in the trace (unrounded there): the origin event's timestamp to the
 * presentation of the first frame after the click was handled (the click's timestamp plus its
 * duration). It depends on no task of the page or the bench. The screen changes on the release,
 * so with a finger that rests on the glass the origin is the pointerup, as Event Timing (and
 * INP) times each event of an interaction from its own timestamp.
 */
export function touchToPresented(traceEvents: TraceEvent[], from: TapOrigin): Presentation[] {
  type Record = NonNullable<TraceEvent['args']>['data'];
  const byInteraction = new Map<number, { down?: Record; up?: Record; click?: TraceEvent }>();
  for (const e of traceEvents) {
    const data = e.args?.data;
    if (e.name !== 'EventTiming' || e.ph !== 'b' || !data?.interactionId) continue;
    if (data.timeStamp === undefined || data.duration === undefined) continue;
    const tap = byInteraction.get(data.interactionId) ?? {};
    if (data.type === 'pointerdown') tap.down = data;
    if (data.type === 'pointerup') tap.up = data;
    if (data.type === 'click') tap.click = e;
    byInteraction.set(data.interactionId, tap);
  }
  const rasters = traceEvents.filter((e) => e.ph === 'X' && e.name === 'RasterTask');
  return [...byInteraction.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, { down, up, click }]) => {
      const c = click?.args?.data;
      const origin = (from === 'pointerdown' ? down : up)?.timeStamp;
      if (origin === undefined || !down || !click || !c) return [];
      const presented = c.timeStamp! + c.duration!;
      // The record's own trace time is its timeStamp's, on the trace's clock (µs).
      const toTrace = (at: number) => (at - c.timeStamp!) * 1000 + click.ts;
      const start = toTrace(c.processingEnd ?? presented);
      const end = toTrace(presented);
      return [
        {
          origin,
          handledMs: (c.processingEnd ?? NaN) - origin,
          committedMs: (c.commitFinishTime ?? NaN) - origin,
          presentedMs: presented - origin,
          rasterMs:
            rasters
              .filter((e) => e.ts >= start && e.ts < end)
              .reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000,
          pressPresentedMs: down.duration!,
        },
      ];
    });
}
