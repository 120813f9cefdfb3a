import { Writable } from 'node:stream';
import { createLogger, type EventLogger } from '@bianmin/common';

/** A real EventLogger whose JSON lines are collected for assertions. */
export function captureLogger(): { logger: EventLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: createLogger('test', { destination, level: 'info' }), lines };
}

export const eventsNamed = (lines: Record<string, unknown>[], id: string) =>
  lines.filter((l) => l.event === id);
