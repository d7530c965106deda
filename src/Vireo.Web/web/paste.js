// Clipboard paste into the graphical console as key presses: each character becomes its X keysym (noVNC's
// table), with Shift held for the characters a US keyboard types shifted, because QEMU's VNC server turns a keysym
// into a scancode by its keymap and does not press Shift by itself.
import keysyms from './lib/novnc/core/input/keysymdef.js';

const SHIFT_L = 0xffe1;
const SPECIAL = { '\n': 0xff0d, '\r': 0xff0d, '\t': 0xff09, '\b': 0xff08 };
const SHIFTED = '~!@#$%^&*()_+{}|:"<>?';

export function keysymFor(ch) {
  return SPECIAL[ch] ?? keysyms.lookup(ch.codePointAt(0));
}

export function needsShift(ch) {
  return (ch >= 'A' && ch <= 'Z') || SHIFTED.includes(ch);
}

/** Types TEXT into the guest over RFB; returns the number of characters sent. "\r\n" counts as one Return. */
export function typeText(rfb, text) {
  const chars = [...text.replace(/\r\n/g, '\n')];
  for (const ch of chars) {
    const sym = keysymFor(ch);
    const shift = needsShift(ch);
    if (shift) rfb.sendKey(SHIFT_L, null, true);
    rfb.sendKey(sym, null, true);
    rfb.sendKey(sym, null, false);
    if (shift) rfb.sendKey(SHIFT_L, null, false);
  }
  return chars.length;
}
