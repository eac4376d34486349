import type { HighlightPart } from "@/lib/search/highlight";

/**
 * Text with its search matches marked: every part is a text child, so nothing in it can become
 * markup. The text between matches is a bare string, not an element: ten results carry a hundred or
 * more parts, and each element costs the render and the page's flight data.
 */
export function Highlighted({ parts }: { parts: HighlightPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded-sm bg-accent/15 px-0.5 text-inherit">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
