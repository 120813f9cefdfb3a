export {
  EscPosBuilder,
  statusRequest,
  bufferedPaperStatusRequest,
  QR_BYTE_CAPACITY,
  type Align,
  type CutKind,
  type QrErrorLevel,
  type QrOptions,
  type RealtimeStatusRequest,
} from './escpos.js';
export {
  decodeRealtimeStatus,
  isRealtimeStatusByte,
  combineStatus,
  type PrinterStatus,
  type PrinterErrorKind,
  type StatusError,
  type StatusFacts,
  type StatusFactsFor,
  type StatusReadings,
  type PrinterFacts,
  type OfflineCauseFacts,
  type ErrorCauseFacts,
  type PaperFacts,
} from './status.js';
export type {
  DecodedPrintout,
  DecodedReceipt,
  PendingReceipt,
  ReceiptLine,
  TextLine,
  QrLine,
  FeedLine,
  QrCode,
} from './receipt.js';
export { EscPosParser, parseEscPos } from './parser.js';
export {
  ReceiptPrinterSimulator,
  type SimulatedReceipt,
  type SimulatedPrinterCondition,
  type SimulatedPrinterError,
  type ReceiptPrinterSimulatorOptions,
} from './simulator.js';
export { ReceiptPrinter, type PrintError, type ReceiptPrinterOptions } from './printer.js';
export { renderTicketReceipt, formatLocalTime, type TicketReceipt } from './ticket-receipt.js';
export {
  receiptToText,
  receiptToSvg,
  escapeXml,
  type RenderableReceipt,
  type RenderOptions,
} from './render.js';
