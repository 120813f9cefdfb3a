import { LANGUAGES, type Language } from './i18n/languages.js';

/**
 * Read-aloud through the browser's speech synthesis. It speaks only screen texts and ticket
 * numbers, never personal data (that would need a headset: docs/accessibility.md), and every new
 * utterance or resident action cancels the previous one. The text is in `language`, and so is
 * the voice (docs/i18n.md).
 */
export function speak(text: string, language: Language): void {
  if (typeof speechSynthesis === 'undefined') return;
  speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  const tag = LANGUAGES[language].speech;
  utterance.lang = tag;
  const voice = voiceFor(tag, speechSynthesis.getVoices());
  if (voice) utterance.voice = voice;
  utterance.rate = 0.9;
  speechSynthesis.speak(utterance);
}

/**
 * The voice for a language tag: one for exactly that tag, else one for its language
 * (`en-GB` for `en-US`, espeak-ng's `cmn` for `zh-CN`), else none, and the browser picks by `lang` (Chromium may then
 * choose its default voice, whatever its language).
 */
export function voiceFor<V extends Pick<SpeechSynthesisVoice, 'lang'>>(
  tag: string,
  voices: readonly V[],
): V | undefined {
  const lower = (lang: string) => lang.toLowerCase().replace('_', '-');
  const wanted = lower(tag);
  const baseOf = (lang: string) => {
    const base = lower(lang).split('-')[0] ?? '';
    // espeak-ng names its Mandarin voice `cmn`.
    return base === 'cmn' ? 'zh' : base;
  };
  return (
    voices.find((v) => lower(v.lang) === wanted) ??
    voices.find((v) => baseOf(v.lang) === baseOf(wanted))
  );
}

export function stopSpeaking(): void {
  if (typeof speechSynthesis === 'undefined') return;
  speechSynthesis.cancel();
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
