/**
 * The receipt printer as the flows that print hear of it: a device change
 * (`PRINTER_AVAILABILITY`) or the stream's resync (`AGENT_RESYNC`), else what the flow knew.
 */
export function printerReported(event: { type: string }, known: boolean): boolean {
  if (event.type === 'PRINTER_AVAILABILITY' && 'available' in event) {
    return event.available === true;
  }
  if (event.type === 'AGENT_RESYNC' && 'printerAvailable' in event) {
    return event.printerAvailable === true;
  }
  return known;
}
