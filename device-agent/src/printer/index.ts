// What the rest of the agent uses of the printer; the folder's other modules are internal.
export { ReceiptPrinter, printFailureReason } from './printer.js';
export { ReceiptPrinterSimulator } from './simulator.js';
export type { PrinterStatus } from './status.js';
export { layoutTicket, paperColumns, type SlipFormat } from './ticket-layout.js';
export { layoutApplicationSlip } from './application-layout.js';
export { guideSlipOf, layoutGuideSlip } from './guide-layout.js';
export { receiptToText } from './receipt-text.js';
export { receiptToSvg } from './receipt-svg.js';
export { EscPosBuilder } from './escpos.js';
