/**
 * The first `max` UTF-16 units of `text` (zod's `.max()` counts those), never splitting a
 * surrogate pair: one unit fewer when the cut would leave a lone high surrogate.
 */
export function headUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
