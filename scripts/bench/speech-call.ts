/**
 * Time to synthesise one spoken call ("请 A 零零五 号到 2 号窗口办理") with espeak-ng's Mandarin
 * voice to a WAV file: process start, synthesis and the file, the part of a call's delay the
 * terminal adds before the loudspeaker plays. Runs alone too: `npx tsx scripts/bench/speech-call.ts 20`.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { announcementText, EspeakSpeechEngine } from '../../device-agent/src/speech/index.js';
import { ms, stats, temp } from './shared.js';

export async function benchSpeechCall(n = 30): Promise<string> {
  const path = join(temp('speech'), 'call.wav');
  const engine = new EspeakSpeechEngine({ output: { kind: 'wav-file', path } });
  const text = announcementText({ ticketNumber: 'A005', counter: 2 });
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const said = await engine.speak(text);
    samples.push(performance.now() - t0);
    if (!said.ok) return `spoken call: espeak-ng unavailable (${said.error.kind}), not measured`;
  }
  const s = stats(samples);
  // 16-bit mono at 22,050 Hz after a 44-byte header.
  const audioSeconds = (statSync(path).size - 44) / (2 * 22_050);
  return `spoken call "${text}" synthesised by espeak-ng -v cmn to WAV (${audioSeconds.toFixed(1)} s of audio, said twice per call), ${n} runs: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchSpeechCall(Number(process.argv[2] ?? 30)));
}
