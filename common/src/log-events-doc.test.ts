import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderLogEventsDoc } from './log-events-doc.js';

describe('docs/log-events.md', () => {
  it('matches the catalogue (run `npm run docs:log-events` after changing it)', () => {
    const doc = readFileSync(new URL('../../docs/log-events.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderLogEventsDoc());
  });
});
