import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../agent/types.js';
import { flowEventOf } from '../take-ticket/agent-events.js';
import { applyEventOf } from './agent-events.js';

const NO_NOTICES = { warnings: [], announcements: [] };

type Report = Extract<AgentEvent, { type: 'device-state' }>['device'];
const noPaper: Report = { status: { device: 'printer', state: 'no-paper' }, severity: 'fault' };
const readOnly: Report = { status: { device: 'storage', state: 'read-only' }, severity: 'fault' };

// How each device's state reads is take-ticket's (../take-ticket/agent-events.test.ts); here,
// only what the apply flow takes of it.
describe('applyEventOf', () => {
  it('takes the reader, the printer and the card as the take-ticket flow does', () => {
    const events: AgentEvent[] = [
      { type: 'device-state', device: noPaper },
      {
        type: 'device-state',
        device: { status: { device: 'idCardReader', state: 'reader-offline' }, severity: 'fault' },
      },
      { type: 'card-removed' },
      { type: 'card-unreadable', reason: 'try-again' },
    ];
    for (const event of events) {
      expect(applyEventOf(event)).not.toBeNull();
      expect(applyEventOf(event)).toEqual(flowEventOf(event));
    }
  });

  it('leaves storage out: the session does not start an application while it is faulted', () => {
    expect(applyEventOf({ type: 'device-state', device: readOnly })).toBeNull();
    expect(
      applyEventOf({
        type: 'resync',
        devices: [noPaper, readOnly],
        card: 'not-watching',
        notices: NO_NOTICES,
      }),
    ).toEqual({
      type: 'AGENT_RESYNC',
      readerAvailable: true,
      printerAvailable: false,
      card: 'not-watching',
    });
  });
});
