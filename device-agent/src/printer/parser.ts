import { ReceiptAssembler } from './receipt-assembler.js';
import { EscPosTokenizer } from './tokenizer.js';
import type { DecodedPrintout, DecodedReceipt, PendingReceipt } from './decoded-receipt.js';

/**
 * Streaming decoder: push chunks as they arrive, take finished receipts when convenient.
 * Chunk boundaries may fall anywhere, inside commands or characters, without changing the
 * result.
 */
export class EscPosParser {
  #tokenizer = new EscPosTokenizer();
  #assembler = new ReceiptAssembler();
  #receipts: DecodedReceipt[] = [];
  #problems: string[] = [];

  push(chunk: Uint8Array): void {
    for (const token of this.#tokenizer.push(chunk)) this.#apply(token);
  }

  /** Call at the end of the stream so a cut-off command is reported. */
  finish(): void {
    for (const token of this.#tokenizer.finish()) this.#apply(token);
  }

  /** Receipts completed since the last call, oldest first. */
  takeReceipts(): DecodedReceipt[] {
    const taken = this.#receipts;
    this.#receipts = [];
    return taken;
  }

  get pending(): PendingReceipt {
    return this.#assembler.pending;
  }

  /** Everything that could not be decoded so far, with stream offsets where known. */
  get problems(): readonly string[] {
    return this.#problems;
  }

  #apply(token: Parameters<ReceiptAssembler['apply']>[0]): void {
    const receipt = this.#assembler.apply(token);
    if (receipt) this.#receipts.push(receipt);
    this.#problems.push(...this.#assembler.takeProblems());
  }
}

/** Decodes a whole byte stream. Never throws; what it cannot read is listed in `problems`. */
export function parseEscPos(bytes: Uint8Array): DecodedPrintout {
  const parser = new EscPosParser();
  parser.push(bytes);
  parser.finish();
  return {
    receipts: parser.takeReceipts(),
    pending: parser.pending,
    problems: [...parser.problems],
  };
}
