import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes the catalogue id, type and meaning with the fields', () => {
    const { lines, destination } = capture();
    const log = createLogger('test', { destination });
    log.event('queue.ticket-issued', { serviceId: 'social-security', priority: true });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      event: 'queue.ticket-issued',
      eventType: 'queue',
      serviceId: 'social-security',
      priority: true,
    });
  });

  it('redacts personal-data keys passed by mistake', () => {
    const { lines, destination } = capture();
    const log = createLogger('test', { destination });
    log.event('device.id-card.read-finished', { outcome: 'ok', name: '王秀英', idNumber: 'x' });
    expect(JSON.stringify(lines[0])).not.toContain('王秀英');
    expect(lines[0]).toMatchObject({ name: '[redacted]', idNumber: '[redacted]' });
  });
});
