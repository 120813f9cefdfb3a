import { setup } from 'xstate';
import { TEXT_SCALES } from '../styles/text-sizes.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import { translate } from '../i18n/translate.js';
import { asFlowAction, type FlowSetup, type HasPart } from './compose.js';
import { screenMeta, type ScreenMeta } from './screen.js';
import type { PlainKey } from '../i18n/catalogue.js';

/**
 * The header is the same on every screen of every flow (WCAG 3.2.6): read-aloud, text size,
 * high contrast, language and call staff. Its taps are events of the flow machine, so they count as activity for the idle
 * timer, and what they set lives in the machine's context, reset on every way home. A flow gets
 * all of it by composing the pieces below (docs/architecture.md, "Adding a flow").
 */
export type HeaderEvent =
  | { type: 'TOGGLE_READ_ALOUD' }
  | { type: 'NEXT_TEXT_SIZE' }
  /** 高对比度: between the default theme and the high-contrast one (docs/accessibility.md). */
  | { type: 'TOGGLE_THEME' }
  /** 中文 / English: the header's button or the choice of mode (docs/i18n.md). */
  | { type: 'SET_LANGUAGE'; language: Language }
  /**
   * The header's button, or the flow itself when staff must come (`screen` then names the
   * screen being entered: the snapshot still shows the one before it).
   */
  | { type: 'CALL_STAFF'; screen?: string }
  /** How the provided `callStaff` action's request went. */
  | { type: 'STAFF_CALL_ANSWERED'; sent: boolean }
  /** Raised by the machine itself when the staff-call window ends. */
  | { type: 'STAFF_CALL_WINDOW_OVER' }
  /** Raised by the machine itself on every header tap, for the idle timer (./idle.ts). */
  | { type: 'ACTIVITY' };

export type StaffNotice = 'none' | 'sent' | 'failed';

/** The page puts it on the document root as `data-theme`; kiosk.css holds both themes' tokens. */
export type Theme = 'default' | 'high-contrast';

export interface HeaderContext {
  readAloud: boolean;
  /** Index into TEXT_SCALES. */
  textScale: number;
  theme: Theme;
  /** What the screens say and read aloud in. */
  language: Language;
  staffNotice: StaffNotice;
  /** A staff call is on its way or was sent within the window: another tap is the same call. */
  staffCallOpen: boolean;
}

/** What a new resident starts with: the defaults, restored after every session. */
export const HEADER_DEFAULTS = {
  readAloud: false,
  textScale: 0,
  theme: 'default',
  language: DEFAULT_LANGUAGE,
  staffNotice: 'none',
  staffCallOpen: false,
} as const satisfies HeaderContext;

/** Repeated staff calls within this window are one call. */
export const STAFF_CALL_WINDOW_MS = 30_000;

/** Said when read-aloud is switched on where the screen has no text of its own. */
const READ_ALOUD_ON = 'speech.readAloudOn' satisfies PlainKey;

const nextTextScale = (textScale: number): number => (textScale + 1) % TEXT_SCALES.length;

/**
 * The hooks the header needs, for the flow's `setup({ actions })`; the page provides the real
 * ones. `callStaff` is fire and forget: its implementation answers with STAFF_CALL_ANSWERED.
 */
export const headerActions = {
  /** `language` picks the voice: the text is already in it. */
  speak: (_: unknown, _params: { text: string; language: Language }) => {},
  silence: () => {},
  callStaff: (_: unknown, _params: { screen: string }) => {},
};

/** For the flow's `setup({ delays })`. */
export const headerDelays = { staffCallWindow: STAFF_CALL_WINDOW_MS };

const header = setup({
  types: { context: {} as HeaderContext, events: {} as HeaderEvent },
  actions: headerActions,
  delays: headerDelays,
});

const STAFF_WINDOW = 'staffCallWindow';

const activity = header.raise({ type: 'ACTIVITY' });
const toggleReadAloud = header.assign({ readAloud: ({ context }) => !context.readAloud });
// A targetless transition: `self` still shows the screen the resident is on.
const speakScreenOrSilence = header.enqueueActions(({ context, enqueue, self }) => {
  if (!context.readAloud) return enqueue('silence');
  const key = screenMeta<string>(self.getSnapshot()).speech ?? READ_ALOUD_ON;
  const { language } = context;
  enqueue({ type: 'speak', params: { text: translate(language, key), language } });
});
const nextTextSize = header.assign({
  textScale: ({ context }) => nextTextScale(context.textScale),
});
const toggleTheme = header.assign({
  theme: ({ context }) => (context.theme === 'default' ? 'high-contrast' : 'default'),
});
const setLanguage = header.assign({
  language: ({ context, event }) =>
    event.type === 'SET_LANGUAGE' ? event.language : context.language,
});
// The screen again in the new language, for a resident who listens.
const speakScreenAgain = header.enqueueActions(({ context, enqueue, self }) => {
  const key = screenMeta<string>(self.getSnapshot()).speech;
  const { language } = context;
  if (context.readAloud && key) {
    enqueue({ type: 'speak', params: { text: translate(language, key), language } });
  }
});
const openStaffCall = header.assign({ staffCallOpen: true });
const callStaffFromHere = header.enqueueActions(({ event, enqueue, self }) => {
  const named = event.type === 'CALL_STAFF' ? event.screen : undefined;
  const screen = named ?? screenMeta<string>(self.getSnapshot()).screen;
  enqueue({ type: 'callStaff', params: { screen } });
});
const cancelStaffWindow = header.cancel(STAFF_WINDOW);
const startStaffWindow = header.raise(
  { type: 'STAFF_CALL_WINDOW_OVER' },
  { id: STAFF_WINDOW, delay: 'staffCallWindow' },
);
const staffCallSent = header.assign({ staffNotice: 'sent' });
const staffCallFailed = header.assign({ staffNotice: 'failed', staffCallOpen: false });
const closeStaffCall = header.assign({ staffCallOpen: false });
const announce = (meta: ScreenMeta<string>) =>
  header.enqueueActions(({ context, enqueue }) => {
    if (context.readAloud && meta.speech) {
      const { language } = context;
      enqueue({ type: 'speak', params: { text: translate(language, meta.speech), language } });
    }
  });

const staffCallClosed = ({ context }: { context: HeaderContext }) => !context.staffCallOpen;
const staffCallGotThrough = ({ context, event }: { context: HeaderContext; event: HeaderEvent }) =>
  context.staffCallOpen && event.type === 'STAFF_CALL_ANSWERED' && event.sent;
const staffCallPending = ({ context }: { context: HeaderContext }) => context.staffCallOpen;

/**
 * The header for the flow whose `setup(...)` is `flow`; it must spread `headerActions` and
 * `headerDelays` into it, and its context and events extend HeaderContext and HeaderEvent.
 */
export function headerFor<F extends FlowSetup>(
  _flow: HasPart<
    F,
    HeaderContext,
    HeaderEvent,
    keyof typeof headerActions,
    keyof typeof headerDelays
  >,
) {
  const as = asFlowAction<F>();
  return {
    /**
     * The header's taps, for the flow machine's root `on`: each raises ACTIVITY, which a step
     * that waits for the resident answers by restarting its idle timer (./idle.ts).
     */
    transitions: {
      TOGGLE_READ_ALOUD: { actions: [as(toggleReadAloud), as(speakScreenOrSilence), as(activity)] },
      NEXT_TEXT_SIZE: { actions: [as(nextTextSize), as(activity)] },
      TOGGLE_THEME: { actions: [as(toggleTheme), as(activity)] },
      SET_LANGUAGE: { actions: [as(setLanguage), as(speakScreenAgain), as(activity)] },
      CALL_STAFF: [
        {
          guard: staffCallClosed,
          actions: [
            as(openStaffCall),
            as(callStaffFromHere),
            as(cancelStaffWindow),
            as(startStaffWindow),
            as(activity),
          ],
        },
        { actions: as(activity) },
      ],
      STAFF_CALL_ANSWERED: [
        { guard: staffCallGotThrough, actions: as(staffCallSent) },
        // A call that did not get through may be tried again at once.
        { guard: staffCallPending, actions: as(staffCallFailed) },
      ],
      STAFF_CALL_WINDOW_OVER: { actions: as(closeStaffCall) },
    },
    /** On arriving at a screen: its text is spoken if the resident turned read-aloud on. */
    announceScreen: (meta: ScreenMeta<string>) => as(announce(meta)),
    /** For the home state's entry: a new resident's first tap is a new call. */
    closeStaffWindow: as(cancelStaffWindow),
  };
}
