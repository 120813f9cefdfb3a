/**
 * How a simulator mangles its replies while the development panel's corruption switch is on:
 * a wrong checksum (or, for a one-byte reply, wrong fixed bits), a reply cut short, or line
 * noise before each reply. Each simulator applies it in its own protocol's terms.
 */
export type ReplyCorruption = 'off' | 'bad-checksum' | 'truncated' | 'noise';

/** Bytes a noisy line puts before a reply: fragments of a GA/T 467 preamble among them. */
export const LINE_NOISE: readonly number[] = [0x00, 0xff, 0xaa, 0xaa, 0x55, 0x96, 0x69, 0xff];
