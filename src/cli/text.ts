// Text from users (file names, link contents, CSV headers) is printed to a terminal: strip
// control characters first, so a link cannot clear the screen, move the cursor or retitle
// the window with escape sequences. Newlines and tabs stay.

// C0 controls except \t and \n, DEL, and C1 controls (including the 8-bit CSI).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, '');
}
