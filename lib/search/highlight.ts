// Highlighted text travels from PostgreSQL's ts_headline as a string with two private-use characters
// around each match. Both are removed from the stored text before ts_headline runs (and never survive
// in a query), so every marker in its output is one it put there. The page turns the parts into
// React elements: text stays text, and nothing is ever set as HTML.

export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";

export type HighlightPart = { text: string; match: boolean };

export function splitHighlights(marked: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let match = false;
  let current = "";
  const push = () => {
    if (!current) return;
    const last = parts.at(-1);
    if (last && last.match === match) last.text += current;
    else parts.push({ text: current, match });
    current = "";
  };
  for (const char of marked) {
    if (char === MATCH_START || char === MATCH_END) {
      push();
      match = char === MATCH_START;
    } else current += char;
  }
  push();
  return parts;
}
