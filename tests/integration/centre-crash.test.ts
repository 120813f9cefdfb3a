import { describe, expect, it } from 'vitest';
import { runCrashTrial } from './crash/crash-trial.js';

describe('the centre and the terminal killed at random moments', () => {
  it('leaves every committed event at the centre exactly once', async () => {
    const outcome = await runCrashTrial({ kills: 5, terminalShare: 0.2 });
    expect(outcome.centreKills + outcome.terminalKills).toBe(5);
    expect(outcome.committed).toBeGreaterThan(0);
    expect(outcome).toMatchObject({
      heldOnce: outcome.committed,
      missing: 0,
      unknown: 0,
      epochs: 1,
    });
  }, 120_000);
});
