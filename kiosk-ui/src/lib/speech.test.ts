import { describe, expect, it } from 'vitest';
import { voiceFor } from './speech.js';

describe('the read-aloud voice', () => {
  const voices = [{ lang: 'en-GB' }, { lang: 'cmn' }, { lang: 'zh-CN' }, { lang: 'en-US' }];

  it('takes the voice of exactly the language tag when there is one', () => {
    expect(voiceFor('zh-CN', voices)).toBe(voices[2]);
    expect(voiceFor('en-US', voices)).toBe(voices[3]);
  });

  it('falls back to a voice of the same language, espeak-ng Mandarin included', () => {
    expect(voiceFor('en-US', [{ lang: 'en_GB' }])?.lang).toBe('en_GB');
    expect(voiceFor('zh-CN', [{ lang: 'en-US' }, { lang: 'cmn' }])?.lang).toBe('cmn');
  });

  it('never speaks Chinese with an English voice, or the other way round', () => {
    expect(voiceFor('zh-CN', [{ lang: 'en-US' }])).toBeUndefined();
    expect(voiceFor('en-US', [{ lang: 'zh-CN' }, { lang: 'cmn' }])).toBeUndefined();
  });
});
