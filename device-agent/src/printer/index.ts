export type { Align, CutKind, QrErrorLevel } from './escpos-commands.js';
export {
  EscPosBuilder,
  statusRequest,
  bufferedPaperStatusRequest,
  autoStatusBackRequest,
  QR_BYTE_CAPACITY,
  type QrOptions,
} from './escpos.js';
export type { RealtimeStatusRequest } from './status-bits.js';
export {
  decodeRealtimeStatus,
  decodeAutoStatus,
  isRealtimeStatusByte,
  combineStatus,
  type AutoStatus,
  type AutoStatusError,
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
  ReceiptPrintout,
  PaperWidth,
  TextLine,
  QrLine,
  FeedLine,
  QrCode,
} from './decoded-receipt.js';
export { EscPosParser, parseEscPos } from './parser.js';
export type { SimulatedPrinterCondition, SimulatedPrinterError } from './simulated-condition.js';
export {
  ReceiptPrinterSimulator,
  type SimulatedReceipt,
  type ReceiptPrinterSimulatorOptions,
} from './simulator.js';
export { ReceiptPrinter, type PrintError, type ReceiptPrinterOptions } from './printer.js';
export { layoutTicket, formatLocalTime, type TicketSlip } from './ticket-layout.js';
export { receiptToText } from './receipt-text.js';
export { receiptToSvg, escapeXml } from './receipt-svg.js';
