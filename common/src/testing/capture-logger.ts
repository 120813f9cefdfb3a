import { Writable } from 'node:stream';
import { createLogger, type EventLogger } from '../logger.js';

export type LogLine = Record<string, unknown>;

/**
 * A real EventLogger (redaction included) whose JSON lines are kept for assertions: what was
 * logged, and that nothing personal was.
 */
export function captureLogger(service = 'test'): {
  logger: EventLogger;
  lines: LogLine[];
  /** Everything written, as the log file would hold it. */
  text(): string;
} {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(chunk.toString());
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine);
      }
      callback();
    },
  });
  return {
    logger: createLogger(service, { destination, level: 'info' }),
    lines,
    text: () => raw.join(''),
  };
}

export const eventsNamed = (lines: LogLine[], id: string) => lines.filter((l) => l.event === id);
