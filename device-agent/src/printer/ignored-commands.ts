// ESC/POS commands the simulator's parser skips: they change nothing in the decoded picture.
// Each maps the command byte after its prefix to the number of parameter bytes to skip.

/** Commands that change nothing in the decoded picture, by parameter count. */
export const ESC_IGNORED: Record<number, number> = {
  0x20: 1, // right-side character spacing
  0x2d: 1, // underline
  0x32: 0, // default line spacing
  0x33: 1, // line spacing
  0x3d: 1, // select peripheral
  0x47: 1, // double-strike
  0x4a: 1, // print and feed n dots
  0x4d: 1, // font
  0x52: 1, // international character set
  0x53: 0, // standard mode
  0x55: 1, // unidirectional printing
  0x56: 1, // 90 degree rotation
  0x72: 1, // colour
  0x74: 1, // code table
  0x7b: 1, // upside down
  0x24: 2, // absolute position
  0x5c: 2, // relative position
  0x70: 3, // drawer pulse
};
export const GS_IGNORED: Record<number, number> = {
  0x2f: 1, // print downloaded bit image
  0x3a: 0, // macro definition
  0x42: 1, // reverse
  0x48: 1, // HRI position
  0x49: 1, // transmit printer id
  0x4c: 2, // left margin
  0x50: 2, // motion units
  0x57: 2, // print area width
  0x5e: 3, // execute macro
  0x61: 1, // automatic status back
  0x62: 1, // smoothing
  0x66: 1, // HRI font
  0x68: 1, // barcode height
  0x77: 1, // barcode width
  0x24: 2, // vertical position
  0x5c: 2, // relative vertical position
};
export const FS_IGNORED: Record<number, number> = {
  0x21: 1, // Chinese print mode (the kiosk sizes with GS !)
  0x2d: 1, // Chinese underline
  0x43: 1, // Chinese code system
  0x53: 2, // Chinese character spacing
  0x57: 1, // Chinese quadruple size
  0x70: 2, // print NV bit image
};
