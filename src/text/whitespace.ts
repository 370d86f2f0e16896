/** Runs of whitespace (any Unicode space, tabs, line breaks) → one space, ends trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
