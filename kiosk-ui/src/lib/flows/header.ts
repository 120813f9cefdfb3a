import { setup } from 'xstate';
import { TEXT_SCALES } from '../styles/text-sizes.js';
import { VOLUMES, volumeLevel } from '../speech-volumes.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import { translate } from '../i18n/translate.js';
import { asFlowAction, type FlowSetup, type HasPart } from './compose.js';
import { screenMeta, type ScreenMeta } from './screen.js';
import type { PlainKey } from '../i18n/catalogue.js';

/**
 * The header is the same on every screen of every flow (WCAG 3.2.6): read-aloud, text size,
 * high contrast, language and call staff; read-aloud's volume is one of its settings too, though
 * its button stands with the read-aloud controls (components/SpeechControls.svelte). Its taps
 * are events of the flow machine, so they count as activity for the idle timer, and what they
 * set lives in the machine's context, reset on every way home. A flow gets all of it by
 * composing the pieces below (docs/architecture.md, "Adding a flow").
 */
export type HeaderEvent =
  | { type: 'TOGGLE_READ_ALOUD' }
  | { type: 'NEXT_TEXT_SIZE' }
  /** 音量: the next of read-aloud's volume levels (lib/speech-volumes.ts). */
  | { type: 'NEXT_VOLUME' }
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
  /** A counter took the resident's call (我去处理 on its console): its name, to say who comes. */
  | { type: 'STAFF_COMING'; counterName: string }
  /** Raised by the machine itself when the staff-call window ends. */
  | { type: 'STAFF_CALL_WINDOW_OVER' }
  /**
   * From the flow handing the resident over (the session to its child flows): their call for
   * staff, which is theirs and not a flow's, so it is neither made twice nor its answer lost.
   */
  | { type: 'STAFF_CALL_CARRIED'; call: StaffCall }
  /** Raised by the machine itself on every header tap, for the idle timer (./idle.ts). */
  | { type: 'ACTIVITY' }
  /**
   * Raised by the machine itself when the screen is to be read (read-aloud just turned on, or a
   * new language) and its meta names no text: a state that says a text of its own (a guide's
   * page, a ticket) takes it and says that; elsewhere, turned on, read-aloud says it is on.
   */
  | { type: 'READ_SCREEN'; turnedOn: boolean };

export type StaffNotice = 'none' | 'sent' | 'failed' | 'coming';

/** The page puts it on the document root as `data-theme`; kiosk.css holds both themes' tokens. */
export type Theme = 'default' | 'high-contrast';

export interface HeaderContext {
  readAloud: boolean;
  /** Index into TEXT_SCALES. */
  textScale: number;
  theme: Theme;
  /** What the screens say and read aloud in. */
  language: Language;
  /** Index into VOLUMES: how loud everything is said, the idle warning too. */
  volume: number;
  staffNotice: StaffNotice;
  /** The counter whose staff are coming, once one took the call ('coming'). */
  staffComingFrom: string;
  /** A staff call is on its way or was sent within the window: another tap is the same call. */
  staffCallOpen: boolean;
}

/** What the flow gives the page to say, through the `speak` hook (lib/speech.ts says it). */
export interface Utterance {
  text: string;
  /** The text's language, which picks the voice. */
  language: Language;
  /** The resident's volume level's gain: SpeechSynthesisUtterance.volume, 0 to 1. */
  volume: number;
  /**
   * Said in passing, as a new volume's name at that volume: 重听 keeps saying the text before
   * it, at the new volume.
   */
  aside?: boolean;
}

/** What a new resident starts with: the defaults, restored after every session. */
export const HEADER_DEFAULTS = {
  readAloud: false,
  textScale: 0,
  theme: 'default',
  language: DEFAULT_LANGUAGE,
  volume: 0,
  staffNotice: 'none',
  staffComingFrom: '',
  staffCallOpen: false,
} as const satisfies HeaderContext;

/**
 * The resident's settings, which go with them from flow to flow (as the session hands over) and
 * back to HEADER_DEFAULTS on the way home.
 */
export type HeaderSettings = Pick<
  HeaderContext,
  'readAloud' | 'textScale' | 'theme' | 'language' | 'volume'
>;

/** The resident's call for staff as the header shows it: it goes with them from flow to flow. */
export type StaffCall = Pick<HeaderContext, 'staffNotice' | 'staffComingFrom' | 'staffCallOpen'>;

/** The staff call of a flow's context, for the flow that follows the resident's flows. */
export const staffCallOf = ({
  staffNotice,
  staffComingFrom,
  staffCallOpen,
}: StaffCall): StaffCall => ({ staffNotice, staffComingFrom, staffCallOpen });

/**
 * What a flow sends the flow it hands the resident over to, once that one runs; nothing if the
 * resident has not called.
 */
export const staffCallCarried = (
  context: StaffCall,
): Extract<HeaderEvent, { type: 'STAFF_CALL_CARRIED' }> | null =>
  context.staffNotice === 'none' && !context.staffCallOpen
    ? null
    : { type: 'STAFF_CALL_CARRIED', call: staffCallOf(context) };

/** The settings of a flow's context or input, for the flow the resident goes on to. */
export const settingsOf = ({
  readAloud,
  textScale,
  theme,
  language,
  volume,
}: HeaderSettings): HeaderSettings => ({ readAloud, textScale, theme, language, volume });

/** What the `speak` hook is given for `text`: in the resident's language, at their volume. */
export const spoken = (
  { language, volume }: Pick<HeaderContext, 'language' | 'volume'>,
  text: string,
): Utterance => ({ text, language, volume: volumeLevel(volume).gain });

/** Repeated staff calls within this window are one call. */
export const STAFF_CALL_WINDOW_MS = 30_000;

/** Said when read-aloud is switched on where the screen has no text of its own. */
const READ_ALOUD_ON = 'speech.readAloudOn' satisfies PlainKey;

const nextTextScale = (textScale: number): number => (textScale + 1) % TEXT_SCALES.length;
const nextVolumeLevel = (volume: number): number => (volume + 1) % VOLUMES.length;

/**
 * The hooks the header needs, for the flow's `setup({ actions })`; the page provides the real
 * ones. `callStaff` is fire and forget: its implementation answers with STAFF_CALL_ANSWERED.
 */
export const headerActions = {
  /** `language` picks the voice: the text is already in it. Build the params with `spoken`. */
  speak: (_: unknown, _params: Utterance) => {},
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
  const key = screenMeta<string>(self.getSnapshot()).speech;
  if (!key) return enqueue.raise({ type: 'READ_SCREEN', turnedOn: true });
  enqueue({ type: 'speak', params: spoken(context, translate(context.language, key)) });
});
// No state said a text of its own.
const sayReadAloudOn = header.enqueueActions(({ context, event, enqueue }) => {
  if (context.readAloud && event.type === 'READ_SCREEN' && event.turnedOn) {
    enqueue({ type: 'speak', params: spoken(context, translate(context.language, READ_ALOUD_ON)) });
  }
});
const nextTextSize = header.assign({
  textScale: ({ context }) => nextTextScale(context.textScale),
});
const nextVolume = header.assign({ volume: ({ context }) => nextVolumeLevel(context.volume) });
// The new level's name at that level, so the resident hears how loud it is now; in passing, so
// 重听 still says the screen again.
const sayVolume = header.enqueueActions(({ context, enqueue }) => {
  if (!context.readAloud) return;
  const { language } = context;
  const level = translate(language, volumeLevel(context.volume).name);
  const text = translate(language, 'speechControls.volume', { level });
  enqueue({ type: 'speak', params: { ...spoken(context, text), aside: true } });
});
const toggleTheme = header.assign({
  theme: ({ context }) => (context.theme === 'default' ? 'high-contrast' : 'default'),
});
const setLanguage = header.assign({
  language: ({ context, event }) =>
    event.type === 'SET_LANGUAGE' ? event.language : context.language,
});
// The screen again in the new language, for a resident who listens; so 重听 says it in it too.
const speakScreenAgain = header.enqueueActions(({ context, enqueue, self }) => {
  if (!context.readAloud) return;
  const key = screenMeta<string>(self.getSnapshot()).speech;
  if (!key) return enqueue.raise({ type: 'READ_SCREEN', turnedOn: false });
  enqueue({ type: 'speak', params: spoken(context, translate(context.language, key)) });
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
const noStaffCall = staffCallOf(HEADER_DEFAULTS);
// On home nobody has started: a call whose window has closed may be a passer-by's, long gone.
const forgetClosedStaffCall = header.assign(({ context }) =>
  context.staffCallOpen ? {} : noStaffCall,
);
const forgetStaffCall = header.assign(noStaffCall);
const takeStaffCall = header.assign(({ event }) =>
  event.type === 'STAFF_CALL_CARRIED' ? staffCallOf(event.call) : {},
);
// The window starts again where the call now is: the flow that made it no longer runs its
// timer, or (the session, back on the glass) may have let it run out meanwhile.
const resumeStaffWindow = header.enqueueActions(({ context, enqueue }) => {
  enqueue(cancelStaffWindow);
  if (context.staffCallOpen) enqueue(startStaffWindow);
});
const staffComing = header.assign({
  staffNotice: 'coming',
  staffComingFrom: ({ context, event }) =>
    event.type === 'STAFF_COMING' ? event.counterName : context.staffComingFrom,
});
// Said as well as shown: the resident may be listening rather than looking.
const sayStaffComing = header.enqueueActions(({ context, enqueue }) => {
  if (!context.readAloud) return;
  const text = translate(context.language, 'header.staffComing', {
    counter: context.staffComingFrom,
  });
  enqueue({ type: 'speak', params: { ...spoken(context, text), aside: true } });
});
const announce = (meta: ScreenMeta<string>) =>
  header.enqueueActions(({ context, enqueue }) => {
    if (context.readAloud && meta.speech) {
      enqueue({ type: 'speak', params: spoken(context, translate(context.language, meta.speech)) });
    }
  });

// A call the flow makes itself (a slip that did not print) tells staff something new: it is
// made even within the window of the resident's own call.
const staffCallClosed = ({ context, event }: { context: HeaderContext; event: HeaderEvent }) =>
  !context.staffCallOpen || (event.type === 'CALL_STAFF' && event.screen !== undefined);
const staffCallGotThrough = ({ context, event }: { context: HeaderContext; event: HeaderEvent }) =>
  context.staffCallOpen && event.type === 'STAFF_CALL_ANSWERED' && event.sent;
const staffCallPending = ({ context }: { context: HeaderContext }) => context.staffCallOpen;
/** Only this resident's call, which got through: not one a resident before them made. */
const staffCallWasSent = ({ context }: { context: HeaderContext }) =>
  context.staffNotice === 'sent';

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
      NEXT_VOLUME: { actions: [as(nextVolume), as(sayVolume), as(activity)] },
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
      STAFF_CALL_CARRIED: { actions: [as(takeStaffCall), as(resumeStaffWindow)] },
      STAFF_COMING: {
        guard: staffCallWasSent,
        actions: [as(staffComing), as(sayStaffComing)],
      },
      // A state whose screen says a text of its own answers READ_SCREEN in its `on` with it.
      READ_SCREEN: { actions: as(sayReadAloudOn) },
    },
    /** On arriving at a screen: its text is spoken if the resident turned read-aloud on. */
    announceScreen: (meta: ScreenMeta<string>) => as(announce(meta)),
    /** For the home state's entry: a new resident's first tap is a new call. */
    closeStaffWindow: as(cancelStaffWindow),
    /**
     * For leaving home as a resident: a call made there goes with them only while its window
     * is open; an older one is no one's they know.
     */
    forgetClosedStaffCall: as(forgetClosedStaffCall),
    /** For a flow started for someone else than whoever stood here (a counter's rating). */
    forgetStaffCall: as(forgetStaffCall),
  };
}
