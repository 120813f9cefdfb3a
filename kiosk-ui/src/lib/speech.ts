/**
 * Read-aloud through the browser's speech synthesis. It speaks only screen texts and ticket
 * numbers, never personal data (that would need a headset: docs/accessibility.md), and every new
 * utterance or resident action cancels the previous one.
 */
export function speak(text: string): void {
  if (typeof speechSynthesis === 'undefined') return;
  speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = 'zh-CN';
  utterance.rate = 0.9;
  speechSynthesis.speak(utterance);
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
