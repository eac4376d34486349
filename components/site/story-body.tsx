import type { ReactNode } from "react";
import type { BodyDoc, TextNode } from "@/lib/stories/body";

// Draws a story body from its JSON, through an allow-list: only the node and mark types below become
// elements, text is always text (React escapes it), and links were validated by the body schema.

function Inline({ nodes }: { nodes: TextNode[] | undefined }) {
  return (
    <>
      {(nodes ?? []).map((node, index) => {
        let out: ReactNode = node.text;
        for (const mark of node.marks ?? []) {
          if (mark.type === "bold") out = <strong>{out}</strong>;
          else if (mark.type === "italic") out = <em>{out}</em>;
          else if (mark.type === "link") out = <a href={mark.attrs.href} rel="noopener">{out}</a>;
        }
        return <span key={index}>{out}</span>;
      })}
    </>
  );
}

export function StoryBody({ body }: { body: BodyDoc }) {
  return (
    <div className="story-body space-y-5 font-serif text-lg leading-relaxed [&_a]:underline [&_a]:underline-offset-2">
      {body.content.map((block, index) => {
        switch (block.type) {
          case "paragraph":
            return (
              <p key={index}>
                <Inline nodes={block.content} />
              </p>
            );
          case "heading":
            return block.attrs.level === 2 ? (
              <h2 key={index} className="pt-4 font-sans text-xl font-bold">
                <Inline nodes={block.content} />
              </h2>
            ) : (
              <h3 key={index} className="pt-2 font-sans text-lg font-bold">
                <Inline nodes={block.content} />
              </h3>
            );
          case "blockquote":
            return (
              <blockquote key={index} className="space-y-3 border-l-4 border-accent pl-5 italic">
                {block.content.map((p, i) => (
                  <p key={i}>
                    <Inline nodes={p.content} />
                  </p>
                ))}
              </blockquote>
            );
        }
      })}
    </div>
  );
}
