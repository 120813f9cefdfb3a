import type { Browser } from '@playwright/test';

/** An allocator's row in a memory-infra dump: its size, as a hexadecimal string of bytes. */
interface AllocatorDump {
  attrs?: { size?: { value: string } };
}
interface MemoryDumpEvent {
  pid: number;
  args?: { dumps?: { allocators?: Record<string, AllocatorDump> } };
}

/**
 * How many bytes of glyphs Chromium's glyph caches hold now, summed over its processes: a
 * memory-infra dump (the `skia/sk_glyph_cache` allocator, as DevTools' and chrome://tracing's
 * memory views show it). The kiosk raises the cache's limit (packaging/kiosk/chromium-render.flags):
 * this is what the raise costs.
 */
export async function glyphCacheBytes(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const events: MemoryDumpEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as MemoryDumpEvent[])));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['disabled-by-default-memory-infra'],
      // No periodic dumps: only the one asked for below. (The protocol's type says a map of
      // strings; Chromium takes the trace config's JSON.)
      memoryDumpConfig: { triggers: [] } as unknown as Record<string, string>,
    },
  });
  await cdp.send('Tracing.requestMemoryDump');
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  // A process may write its dump in more than one event.
  const byProcess = new Map<number, number>();
  for (const event of events) {
    const size = event.args?.dumps?.allocators?.['skia/sk_glyph_cache']?.attrs?.size?.value;
    if (size) byProcess.set(event.pid, Math.max(byProcess.get(event.pid) ?? 0, parseInt(size, 16)));
  }
  return [...byProcess.values()].reduce((sum, bytes) => sum + bytes, 0);
}
