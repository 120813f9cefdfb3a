import { z } from 'zod';
import { field, listOf } from './cross-field.js';
import type { DevicesConfig } from './devices.js';

/**
 * The counter side's devices in devices.json (docs/configuration.md, "devices.json"): the
 * caller keypads' bus, the counters' LED displays and the spoken calls. devices.ts joins the
 * lists below to its own connection shapes, so a serial counter device reads like every
 * other one.
 */

const busAddress = z
  .int({
    error: 'the bus address set on the device (its DIP switches or menu), a whole number 1 to 254',
  })
  .min(1)
  .max(254);

const counterNumber = z
  .int({ error: 'the counter number in services.json "counters", a whole number 1 to 99' })
  .min(1)
  .max(99);

/** Each address once and each counter once: two devices on one address answer together. */
export function uniqueAddressesAndCounters(list: string) {
  return (value: unknown, ctx: z.RefinementCtx): void => {
    const entries = listOf(field(value, list));
    for (const key of ['address', 'counter'] as const) {
      const seen = new Map<unknown, number>();
      entries.forEach((entry, index) => {
        const v = field(entry, key);
        if (typeof v !== 'number') return;
        const first = seen.get(v);
        if (first === undefined) {
          seen.set(v, index);
          return;
        }
        ctx.addIssue({
          code: 'custom',
          path: [list, index, key],
          input: v,
          message: `each ${key} only once: ${key} ${v} is already given in entry ${first + 1}`,
        });
      });
    }
  };
}

/** What a keypad or display of a counter services.json does not list would fail to do. */
const UNLISTED_EFFECT = {
  keypads: "this keypad's keys would act on no counter (the keypad only beeps)",
  displays: "this display would never show that counter's calls",
} as const;

/**
 * Each keypad's and display's counter against the counter numbers services.json lists: a
 * typo (13 for 3) passes each file alone, and that counter's calls never reach its display.
 */
export function unlistedCounters(
  devices: Pick<DevicesConfig, 'counterCallers' | 'counterDisplays'>,
  counters: readonly number[],
): { path: (string | number)[]; input: number; message: string }[] {
  const listed =
    counters.length === 0
      ? 'it lists none'
      : `it lists ${[...counters].sort((a, b) => a - b).join(', ')}`;
  const buses = [
    ['counterCallers', 'keypads', devices.counterCallers?.keypads ?? []],
    ['counterDisplays', 'displays', devices.counterDisplays?.displays ?? []],
  ] as const;
  return buses.flatMap(([bus, list, entries]) =>
    entries.flatMap(({ counter }, index) =>
      counters.includes(counter)
        ? []
        : [
            {
              path: [bus, list, index, 'counter'],
              input: counter,
              message: `the number of a counter in services.json "counters" (${listed}): counter ${counter} is not there, so ${UNLISTED_EFFECT[list]}; fix the number here or add the counter to services.json`,
            },
          ],
    ),
  );
}

const assignment = (what: string) =>
  z.strictObject(
    { address: busAddress, counter: counterNumber },
    { error: `a ${what} as {"address": 1, "counter": 1}: its bus address and its counter` },
  );

const LED_TEXT_ENCODINGS = ['ascii', 'gb2312', 'gb18030'] as const;

const EXAMPLE = '{"address": 1, "counter": 1}';

/** What a caller keypads' bus adds to its connection settings. */
export const CALLER_KEYPADS = {
  keypads: z
    .array(assignment('caller keypad'), { error: `a list of caller keypads, e.g. [${EXAMPLE}]` })
    .min(1),
};

/** What a counter LED displays' bus adds to its connection settings. */
export const COUNTER_DISPLAYS = {
  displays: z
    .array(assignment('counter LED display'), {
      error: `a list of counter LED displays, e.g. [${EXAMPLE}]`,
    })
    .min(1),
  encoding: z
    .enum(LED_TEXT_ENCODINGS, {
      error:
        'the text encoding the displays take: "gb2312" or "gb18030" for displays with a Chinese font, "ascii" for displays that show only letters and digits; default "gb2312"',
    })
    .default('gb2312'),
};

export const busError = (list: string) =>
  `a bus connection: {"transport": "simulator", "${list}": [${EXAMPLE}]} or {"transport": "serial", "path": "/dev/ttyUSB1", "baudRate": 9600, "${list}": [${EXAMPLE}]}`;

const SpeechOutputSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('audio-device') }),
    z.strictObject({
      kind: z.literal('player'),
      command: z
        .array(z.string().min(1), {
          error:
            'the player program and its arguments, reading WAV from standard input, e.g. ["aplay", "-q", "-D", "plughw:1"]',
        })
        .min(1),
    }),
    z.strictObject({
      kind: z.literal('wav-file'),
      path: z.string({ error: 'an absolute file path, e.g. "/tmp/call.wav"' }).startsWith('/'),
    }),
  ],
  {
    error:
      'where calls are heard: {"kind": "audio-device"} (the default sound output), {"kind": "player", "command": ["aplay", "-D", "plughw:1"]} (the hall\'s loudspeaker on another sound card) or {"kind": "wav-file", "path": "/tmp/call.wav"}',
  },
);

export const SpeechConfigSchema = z
  .strictObject(
    {
      engine: z
        .enum(['espeak-ng', 'simulator'], {
          error:
            'the speech engine: "espeak-ng" (installed by the project\'s setup, Mandarin voice) or "simulator" (records the text, plays nothing)',
        })
        .default('espeak-ng'),
      voice: z
        .string({ error: 'the espeak-ng voice, e.g. "cmn" (Mandarin); default "cmn"' })
        .regex(/^[a-zA-Z0-9+_-]+$/)
        .default('cmn'),
      output: SpeechOutputSchema.prefault({ kind: 'audio-device' }),
      repeat: z
        .int({ error: 'how many times each call is said, 1 to 3; default 2' })
        .min(1)
        .max(3)
        .default(2),
    },
    {
      error:
        'spoken calls as {"engine": "espeak-ng", "voice": "cmn", "output": {"kind": "audio-device"}}',
    },
  )
  // A hall without a loudspeaker leaves the key out: calls are then shown, not spoken.
  .optional();

export type SpeechConfig = NonNullable<z.infer<typeof SpeechConfigSchema>>;
export type LedTextEncoding = (typeof LED_TEXT_ENCODINGS)[number];
