import { describe, expect, it } from 'vitest';
import { hintAfterResync, hintForReader } from './card-hint.js';

describe('the card step hint', () => {
  it('says the reader is unavailable, and clears only that when it is back', () => {
    expect(hintForReader(false, 'place-flat')).toBe('reader-unavailable');
    expect(hintForReader(true, 'reader-unavailable')).toBe('none');
    expect(hintForReader(true, 'place-flat')).toBe('place-flat');
  });

  it('asks for a card already on the reader at a resync to be placed again', () => {
    expect(hintAfterResync(true, 'present', 'none')).toBe('replace-card');
    expect(hintAfterResync(true, 'present', 'reader-unavailable')).toBe('replace-card');
    expect(hintAfterResync(false, 'present', 'none')).toBe('reader-unavailable');
    expect(hintAfterResync(true, 'none', 'reader-unavailable')).toBe('none');
  });
});
