import type { Utterance } from './flows/header.js';
import { LANGUAGES } from './i18n/languages.js';

/**
 * Read-aloud through the browser's speech synthesis, or the agent's voice (espeak-ng on the
 * terminal) for a language the browser has no voice for (docs/accessibility.md, "Speech and
 * sound").
 * It speaks only the texts the flow machines give it (each screen's read-aloud text, ticket and
 * reference numbers, what is wrong with an answer), which never hold personal data: there is no
 * way here to read what the screen shows. Every new utterance or resident action cancels the
 * previous one; the last text is kept so the resident can hear it again. The text is in
 * `language`, and so is the voice (docs/i18n.md); it is said at the resident's volume.
 */

/** What the read-aloud controls show: nothing said, saying, or paused midway. */
export type SpeechState = 'silent' | 'speaking' | 'paused';

let state: SpeechState = 'silent';
let last: Utterance | null = null;
// Chromium drops an utterance whose object is collected before it ends: keep the current one.
// Null once it has ended or been stopped: then there is nothing to cancel, and a tap does not
// pay for `speechSynthesis.cancel()` (a call to the browser process, up to three per tap;
// docs/benchmarks.md, "Kiosk in the browser").
let current: SpeechSynthesisUtterance | null = null;
const listeners = new Set<(state: SpeechState) => void>();

/** The agent's voice (lib/agent/client.ts): what the page speaks with when the browser cannot. */
export interface AgentVoice {
  say(utterance: { text: string; language: string; volume: number }): Promise<unknown>;
  pause(): void;
  resume(): void;
  stop(): void;
}
let agentVoice: AgentVoice | null = null;
// The agent's utterance under way, if the current one is the agent's: its answer ends it.
let agentSaying: object | null = null;

/** The page gives the agent's voice once; without it a voiceless browser stays silent. */
export function useAgentVoice(voice: AgentVoice | null): void {
  agentVoice = voice;
  // Chromium fills its list of voices only once asked, a moment later: asked now, at load, a
  // browser that has a voice shows it before the first text, which would otherwise go to the
  // agent for want of one.
  if (voice !== null && available()) speechSynthesis.getVoices();
}

function setState(next: SpeechState): void {
  if (next === state) return;
  state = next;
  for (const listener of listeners) listener(state);
}

const available = (): boolean =>
  typeof speechSynthesis !== 'undefined' && typeof SpeechSynthesisUtterance !== 'undefined';

/**
 * cancel() leaves a paused synthesis paused (Web Speech API), and whatever is spoken next would
 * wait in its queue, never heard, for this resident and the next: a pause ends with the text it
 * held.
 */
function unpause(paused: boolean): void {
  if (paused || speechSynthesis.paused) speechSynthesis.resume();
}

/** Chinese tags whose voice speaks Cantonese, not Mandarin: Chinese only when nothing else is. */
const CANTONESE = /^zh-(hk|mo|yue)(-|$)/;

/**
 * The voice for a language tag, a Mandarin one for Chinese: the exact tag first, then a
 * Mandarin tag (espeak-ng's `cmn`), then any voice of the same language, Cantonese last; never
 * one of another language. Undefined leaves the choice to the browser, which still gets the
 * language.
 */
export function voiceFor<V extends { lang: string }>(
  language: string,
  voices: readonly V[],
): V | undefined {
  const tag = language.toLowerCase().replace('_', '-');
  const base = tag.split('-')[0]!;
  const score = (lang: string): number => {
    const l = lang.toLowerCase().replace('_', '-');
    if (l === tag) return 3;
    if (base === 'zh' && (l === 'cmn' || l.startsWith('cmn-'))) return 2;
    if (l.split('-')[0] !== base) return 0;
    return base === 'zh' && CANTONESE.test(l) ? 0.5 : 1;
  };
  let best: V | undefined;
  for (const voice of voices) {
    if (score(voice.lang) > (best ? score(best.lang) : 0)) best = voice;
  }
  return best;
}

export function speak({ text, language, volume, aside = false }: Utterance): void {
  if (!aside) last = { text, language, volume };
  else if (last !== null) last = { ...last, volume };
  const tag = LANGUAGES[language].speech;
  const voice = available() ? voiceFor(tag, speechSynthesis.getVoices()) : undefined;
  if (voice === undefined && agentVoice !== null) {
    sayThroughAgent(agentVoice, { text, language: tag, volume });
    return;
  }
  if (!available()) return;
  if (agentSaying !== null) stopSpeaking();
  if (current !== null) speechSynthesis.cancel();
  unpause(state === 'paused');
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = tag;
  if (voice) utterance.voice = voice;
  utterance.rate = 0.9;
  utterance.volume = volume;
  const settle = () => {
    if (current !== utterance) return;
    current = null;
    setState('silent');
  };
  utterance.onend = settle;
  utterance.onerror = settle;
  current = utterance;
  speechSynthesis.speak(utterance);
  setState('speaking');
}

/** The agent says it; its next text, or 停止, cuts this one short there. */
function sayThroughAgent(
  voice: AgentVoice,
  utterance: { text: string; language: string; volume: number },
): void {
  if (current !== null) stopSpeaking();
  const saying = {};
  agentSaying = saying;
  setState('speaking');
  const settle = () => {
    if (agentSaying !== saying) return;
    agentSaying = null;
    setState('silent');
  };
  // No answer (the connection lost): the agent may still be saying it, or hold it paused,
  // and once silent here 停止 would no longer reach it.
  const lost = () => {
    if (agentSaying === saying) voice.stop();
    settle();
  };
  voice.say(utterance).then(settle, lost);
}

export function stopSpeaking(): void {
  if (agentSaying !== null) {
    agentSaying = null;
    setState('silent');
    agentVoice?.stop();
    return;
  }
  if (current === null) return;
  current = null;
  const paused = state === 'paused';
  setState('silent');
  if (!available()) return;
  speechSynthesis.cancel();
  unpause(paused);
}

/** 暂停: holds the sentence where it is; 继续 goes on from there. */
export function pauseSpeaking(): void {
  if (state !== 'speaking') return;
  if (agentSaying !== null) agentVoice?.pause();
  else if (available()) speechSynthesis.pause();
  else return;
  setState('paused');
}

export function resumeSpeaking(): void {
  if (state !== 'paused') return;
  if (agentSaying !== null) agentVoice?.resume();
  else if (available()) speechSynthesis.resume();
  else return;
  setState('speaking');
}

/** 重听: the last text again from its start; nothing when nothing was said this session. */
export function repeatSpeaking(): void {
  if (last !== null) speak(last);
}

/** Forgets the last text, so the next resident's 重听 cannot replay this one's. */
export function forgetSpeech(): void {
  stopSpeaking();
  last = null;
}

/** Calls `listener` with every change of the speech state; returns the unsubscribe. */
export function onSpeechState(listener: (state: SpeechState) => void): () => void {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

/** A short tone so the idle warning is audible even with read-aloud off. */
export function chime(): void {
  const Ctx = globalThis.AudioContext;
  if (Ctx === undefined) return;
  try {
    const ctx = new Ctx();
    const osc = ctx.createOscillator();
    osc.frequency.value = 880;
    osc.connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.25);
    osc.onended = () => void ctx.close();
  } catch {
    // No audio device: the visual warning still shows.
  }
}
