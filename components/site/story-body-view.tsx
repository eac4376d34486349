import type { ReactNode } from "react";
import type { BodyDoc, BodyList, BodyListItem, InlineNode, NestedBodyList } from "@/lib/body/story-body";
import type { PublicPhoto } from "@/lib/media/story-photos";
import { PhotoFigure } from "@/components/site/photo";
import { PHOTO_SIZES } from "@/lib/media/picture";

// Draws a story body from its JSON, through an allow-list: only the node and mark types below become
// elements, text is always text (React escapes it), and links and embed URLs were validated by the
// body schema. Photos are drawn from the library's renditions, by their order among the body's
// image nodes (`photos`, loaded with the story); one that cannot be shown yet is left out.

function Inline({ nodes }: { nodes: InlineNode[] | undefined }) {
  return (
    <>
      {(nodes ?? []).map((node, index) => {
        if (node.type === "hardBreak") return <br key={index} />;
        let out: ReactNode = node.text;
        for (const mark of node.marks ?? []) {
          if (mark.type === "bold") out = <strong>{out}</strong>;
          else if (mark.type === "italic") out = <em>{out}</em>;
          else if (mark.type === "link")
            out = (
              <a href={mark.attrs.href} rel="noopener">
                {out}
              </a>
            );
        }
        return <span key={index}>{out}</span>;
      })}
    </>
  );
}

function List({ list }: { list: BodyList | NestedBodyList }) {
  const items = list.content.map((item: BodyListItem, index) => (
    <li key={index} className="space-y-2 pl-1">
      {item.content.map((child, i) =>
        child.type === "paragraph" ? (
          <p key={i}>
            <Inline nodes={child.content} />
          </p>
        ) : (
          <List key={i} list={child} />
        ),
      )}
    </li>
  ));
  return list.type === "orderedList" ? (
    <ol start={list.attrs?.start} className="list-decimal space-y-2 pl-7">
      {items}
    </ol>
  ) : (
    <ul className="list-disc space-y-2 pl-7">{items}</ul>
  );
}

export function StoryBody({ body, photos = [] }: { body: BodyDoc; photos?: (PublicPhoto | null)[] }) {
  let imageIndex = 0;
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
          case "bulletList":
          case "orderedList":
            return <List key={index} list={block} />;
          case "pullQuote":
            return (
              <figure key={index} className="my-8 border-y-2 border-accent py-4">
                <blockquote className="font-sans text-2xl font-bold leading-snug">
                  <p>{block.content?.map((node) => node.text).join("")}</p>
                </blockquote>
                {block.attrs?.attribution ? <figcaption className="mt-2 font-sans text-sm text-muted">— {block.attrs.attribution}</figcaption> : null}
              </figure>
            );
          case "embed":
            // Embeds are placeholders for now: a link to what will be embedded, with its caption.
            return (
              <figure key={index} className="rounded border border-rule px-4 py-3 font-sans text-base">
                <a href={block.attrs.url} rel="noopener nofollow" className="break-all">
                  {block.attrs.url}
                </a>
                {block.attrs.caption ? <figcaption className="mt-1 text-sm text-muted">{block.attrs.caption}</figcaption> : null}
              </figure>
            );
          case "image": {
            const photo = photos[imageIndex++];
            return photo ? (
              <div key={index} className="py-2">
                <PhotoFigure photo={photo} sizes={PHOTO_SIZES.story} />
              </div>
            ) : null;
          }
        }
      })}
    </div>
  );
}
