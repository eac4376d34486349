import { Node } from "@tiptap/core";
import type { NodeView } from "@tiptap/pm/view";
import type { PhotoChoice } from "@/lib/media/picker";
import { bindAttribute } from "./rich-text-extensions";

// A library photo in the body: the node holds only the photo's id and the story's own alt text,
// caption and credit for it (lib/body/story-body.ts, image). Its view shows a preview and edits those
// in place. Only this editor's own copies parse back into a photo: a pasted <img> never becomes one
// (the paste cleaner drops images, and nothing here parses an <img>).

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    image: { insertPhoto: (attributes: { mediaId: string }) => ReturnType };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type PhotoOptions = {
  lookup: (mediaId: string) => PhotoChoice | undefined;
  /** Calls `listener` whenever the form learns more of its photos (one finished processing); returns the unsubscribe. */
  subscribe: (listener: () => void) => () => void;
};

function previewOf(photo: PhotoChoice | undefined): HTMLElement {
  if (photo?.preview) {
    const img = document.createElement("img");
    img.src = photo.preview;
    img.alt = "";
    img.width = photo.width;
    img.height = photo.height;
    img.className = "h-auto max-h-56 w-auto rounded-sm";
    return img;
  }
  const note = document.createElement("p");
  note.className = "text-sm text-muted";
  note.textContent = !photo
    ? "Photo (not in the library any more: remove it)"
    : photo.status === "FAILED"
      ? "The library could not process this photo: remove it."
      : "Processing… the photo can be published once it is ready.";
  return note;
}

export const Photo = Node.create<PhotoOptions>({
  name: "image",
  group: "block",
  atom: true,
  draggable: true,

  addOptions() {
    return { lookup: () => undefined, subscribe: () => () => {} };
  },

  addAttributes() {
    const text = (name: string, max: number) => ({
      default: null,
      parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`)?.slice(0, max) || null,
    });
    return {
      mediaId: { default: null, parseHTML: (element) => element.getAttribute("data-media-id") },
      alt: text("alt", 1000),
      caption: text("caption", 2000),
      credit: text("credit", 300),
      decorative: { default: false, parseHTML: (element) => element.getAttribute("data-decorative") === "true" },
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-type="photo"]', getAttrs: (element) => (UUID.test(element.getAttribute("data-media-id") ?? "") ? null : false) }];
  },

  renderHTML({ node }) {
    const attrs: Record<string, string> = { "data-type": "photo", "data-media-id": node.attrs.mediaId };
    for (const name of ["alt", "caption", "credit"]) if (node.attrs[name]) attrs[`data-${name}`] = node.attrs[name];
    if (node.attrs.decorative) attrs["data-decorative"] = "true";
    return ["figure", attrs];
  },

  renderText({ node }) {
    return node.attrs.caption ?? "";
  },

  addCommands() {
    return {
      insertPhoto:
        (attributes) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: attributes }),
    };
  },

  addNodeView() {
    const { lookup, subscribe } = this.options;
    return (props): NodeView => {
      const dom = document.createElement("figure");
      dom.dataset.type = "photo";
      dom.className = "my-4 space-y-1 rounded border border-rule px-3 py-2 font-sans text-base";
      const photo = lookup(String(props.node.attrs.mediaId));
      let preview = previewOf(photo);
      let shown = `${photo?.status}:${photo?.preview}`;
      const alt = bindAttribute(props, "alt", "Photo alt text", 1000);
      const caption = bindAttribute(props, "caption", "Photo caption", 2000);
      const credit = bindAttribute(props, "credit", "Photo credit", 300);
      const placeholders = (current: PhotoChoice | undefined) => {
        for (const [field, value, fallback] of [
          [alt, current?.altText, "Required unless decorative"],
          [caption, current?.caption, ""],
          [credit, current?.creditLine, "Required for publication"],
        ] as const) {
          const input = field.wrapper.querySelector("input");
          if (input) input.placeholder = value || fallback;
        }
      };
      placeholders(photo);

      // Decorative: a checkbox bound to its attribute like the text inputs are.
      const decorativeLabel = document.createElement("label");
      decorativeLabel.contentEditable = "false";
      decorativeLabel.className = "mt-2 flex items-center gap-2 text-sm text-muted";
      const decorative = document.createElement("input");
      decorative.type = "checkbox";
      decorative.checked = props.node.attrs.decorative === true;
      decorative.disabled = !props.view.editable;
      decorative.addEventListener("change", () => {
        const pos = props.getPos();
        if (typeof pos !== "number" || !props.editor.isEditable) return;
        props.editor.view.dispatch(props.editor.state.tr.setNodeAttribute(pos, "decorative", decorative.checked));
      });
      const decorativeText = document.createElement("span");
      decorativeText.textContent = "Decorative photo (no alt text needed)";
      decorativeLabel.append(decorative, decorativeText);

      dom.append(preview, alt.wrapper, decorativeLabel, caption.wrapper, credit.wrapper);
      const owned = [alt, caption, credit];
      let mediaId = String(props.node.attrs.mediaId);
      const refresh = () => {
        const current = lookup(mediaId);
        if (`${current?.status}:${current?.preview}` !== shown) {
          const next = previewOf(current);
          preview.replaceWith(next);
          preview = next;
          shown = `${current?.status}:${current?.preview}`;
        }
        placeholders(current);
      };
      const unsubscribe = subscribe(refresh);
      return {
        dom,
        update: (node) => {
          if (node.type.name !== "image") return false;
          for (const field of owned) field.sync(node);
          if (document.activeElement !== decorative) decorative.checked = node.attrs.decorative === true;
          mediaId = String(node.attrs.mediaId);
          refresh();
          return true;
        },
        stopEvent: (event) => owned.some((field) => field.owns(event.target)) || decorativeLabel.contains(event.target as globalThis.Node),
        ignoreMutation: () => true,
        destroy: () => {
          unsubscribe();
          owned.forEach((field) => field.destroy());
        },
      };
    };
  },
});
