import { createActor, SimulatedClock } from 'xstate';
import { composedFlow } from './composed-flow.fixture.js';
import type { EndReason } from './idle.js';
import { screenMeta } from './screen.js';
import type { Language } from '../i18n/languages.js';

/** The composed flow on a simulated clock, with every hook the page provides recorded. */
export function runComposedFlow() {
  const clock = new SimulatedClock();
  const spoken: string[] = [];
  /** The language each utterance was spoken in, in the same order. */
  const voices: Language[] = [];
  /** Each utterance's volume, and whether it was said in passing, in the same order. */
  const volumes: number[] = [];
  const asides: boolean[] = [];
  const ended: EndReason[] = [];
  const staffCalls: { screen: string; answer: (sent: boolean) => void }[] = [];
  const effects = { chimes: 0, silences: 0, focuses: 0, reminders: 0 };
  const machine = composedFlow.provide({
    actions: {
      speak: (_, params) => {
        spoken.push(params.text);
        voices.push(params.language);
        volumes.push(params.volume);
        asides.push(params.aside ?? false);
      },
      silence: () => effects.silences++,
      chime: () => effects.chimes++,
      focusHeading: () => effects.focuses++,
      showReminder: () => effects.reminders++,
      sessionEnded: (_, params) => ended.push(params.reason),
      callStaff: ({ self }, params) =>
        staffCalls.push({
          screen: params.screen,
          answer: (sent) => self.send({ type: 'STAFF_CALL_ANSWERED', sent }),
        }),
    },
  });
  const actor = createActor(machine, { clock });
  actor.start();
  return {
    actor,
    clock,
    spoken,
    voices,
    volumes,
    asides,
    ended,
    staffCalls,
    effects,
    screen: () => screenMeta(actor.getSnapshot()).screen,
    context: () => actor.getSnapshot().context,
  };
}
