/**
 * The read-aloud controls' words, apart from the screens' texts so the message catalogues can
 * take them as one block.
 */
export const SPEECH_CONTROLS_TEXT = {
  group: '朗读控制',
  pause: '暂停',
  resume: '继续',
  repeat: '重听',
  stop: '停止',
} as const;
