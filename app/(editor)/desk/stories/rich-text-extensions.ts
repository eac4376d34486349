import { Extension, Node, mergeAttributes, type Editor, type NodeViewRendererProps } from "@tiptap/core";
import { Blockquote } from "@tiptap/extension-blockquote";
import { ListItem } from "@tiptap/extension-list";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import type { NodeView } from "@tiptap/pm/view";
import { StarterKit } from "@tiptap/starter-kit";
import { isEmbedUrl, isSafeHref } from "@/lib/body/story-body";

// The editor's schema mirrors the body format (lib/body/story-body.ts) as closely as ProseMirror's
// content expressions allow, so that what the editor shows is what gets saved: block quotes hold
// paragraphs, list items hold paragraphs and lists, pull quotes hold plain text. The list depth
// (two levels) cannot be written as a content expression, so a plugin refuses edits that go deeper.
// normalizeBody then drops the attributes Tiptap adds (link targets, list types).

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    pullQuote: { togglePullQuote: () => ReturnType };
    embed: { insertEmbed: (attributes: { url: string; caption?: string }) => ReturnType };
  }
}

/** A labelled text input inside a node view, kept out of ProseMirror's hands. */
export function attributeInput(label: string, maxLength: number, editable: boolean) {
  const wrapper = document.createElement("label");
  wrapper.contentEditable = "false";
  wrapper.className = "mt-2 flex items-center gap-2 font-sans text-sm text-muted";
  const text = document.createElement("span");
  text.textContent = label;
  const input = document.createElement("input");
  input.type = "text";
  input.maxLength = maxLength;
  input.readOnly = !editable;
  input.className = "min-w-0 flex-1 rounded border border-rule bg-paper px-2 py-1 text-ink";
  wrapper.append(text, input);
  return { wrapper, input };
}

/** Node view plumbing shared by pull quotes, embeds and photos: an input bound to one attribute. */
export function bindAttribute({ editor, getPos, node, view }: NodeViewRendererProps, attribute: string, label: string, maxLength: number) {
  // editor.isEditable is false while the first view is being built; the view already knows.
  const field = attributeInput(label, maxLength, view.editable);
  field.input.value = String(node.attrs[attribute] ?? "");
  field.input.addEventListener("input", () => {
    const pos = getPos();
    if (typeof pos !== "number" || !editor.isEditable) return;
    editor.view.dispatch(editor.state.tr.setNodeAttribute(pos, attribute, field.input.value || null));
  });
  const syncEditable = () => {
    field.input.readOnly = !editor.isEditable;
  };
  editor.on("update", syncEditable);
  return {
    wrapper: field.wrapper,
    /** Shows the stored value unless someone is typing in the input. */
    sync(next: ProseMirrorNode) {
      if (document.activeElement !== field.input) field.input.value = String(next.attrs[attribute] ?? "");
    },
    owns: (target: EventTarget | globalThis.Node | null) => target instanceof globalThis.Node && field.wrapper.contains(target),
    destroy: () => editor.off("update", syncEditable),
  };
}

export const PullQuote = Node.create({
  name: "pullQuote",
  group: "block",
  content: "text*",
  marks: "",
  defining: true,

  addAttributes() {
    return {
      attribution: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-attribution")?.slice(0, 200) || null,
        renderHTML: (attributes) => (attributes.attribution ? { "data-attribution": attributes.attribution } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'aside[data-type="pull-quote"]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ["aside", mergeAttributes({ "data-type": "pull-quote" }, HTMLAttributes), 0];
  },

  addCommands() {
    return {
      togglePullQuote:
        () =>
        ({ commands }) =>
          commands.toggleNode(this.name, "paragraph"),
    };
  },

  addNodeView() {
    return (props): NodeView => {
      const dom = document.createElement("figure");
      dom.dataset.type = "pull-quote";
      dom.className = "my-6 border-y-2 border-accent py-3";
      const contentDOM = document.createElement("p");
      contentDOM.className = "font-sans text-2xl font-bold leading-snug";
      const attribution = bindAttribute(props, "attribution", "Attribution", 200);
      dom.append(contentDOM, attribution.wrapper);
      return {
        dom,
        contentDOM,
        update: (node) => {
          if (node.type.name !== "pullQuote") return false;
          attribution.sync(node);
          return true;
        },
        stopEvent: (event) => attribution.owns(event.target),
        ignoreMutation: (mutation) => attribution.owns(mutation.target),
        destroy: attribution.destroy,
      };
    };
  },
});

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,

  addAttributes() {
    return {
      url: { default: null, parseHTML: (element) => element.getAttribute("data-url") },
      caption: { default: null, parseHTML: (element) => element.getAttribute("data-caption")?.slice(0, 500) || null },
    };
  },

  parseHTML() {
    return [{ tag: 'figure[data-type="embed"]', getAttrs: (element) => (isEmbedUrl(element.getAttribute("data-url") ?? "") ? null : false) }];
  },

  renderHTML({ node }) {
    return ["figure", { "data-type": "embed", "data-url": node.attrs.url, ...(node.attrs.caption ? { "data-caption": node.attrs.caption } : {}) }];
  },

  renderText({ node }) {
    return [node.attrs.caption, node.attrs.url].filter(Boolean).join(" ");
  },

  addCommands() {
    return {
      insertEmbed:
        (attributes) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs: attributes }),
    };
  },

  addNodeView() {
    return (props): NodeView => {
      const dom = document.createElement("figure");
      dom.dataset.type = "embed";
      dom.className = "my-4 rounded border border-dashed border-rule px-3 py-2 font-sans text-base";
      const heading = document.createElement("p");
      heading.className = "text-sm font-semibold text-muted";
      heading.textContent = "Embed (placeholder)";
      const url = document.createElement("p");
      url.className = "break-all";
      url.textContent = String(props.node.attrs.url ?? "");
      const caption = bindAttribute(props, "caption", "Caption", 500);
      dom.append(heading, url, caption.wrapper);
      return {
        dom,
        update: (node) => {
          if (node.type.name !== "embed") return false;
          url.textContent = String(node.attrs.url ?? "");
          caption.sync(node);
          return true;
        },
        stopEvent: (event) => caption.owns(event.target),
        ignoreMutation: () => true,
        destroy: caption.destroy,
      };
    };
  },
});

const MAX_LIST_DEPTH = 2;

function listDepth(node: ProseMirrorNode): number {
  let deepest = 0;
  node.forEach((child) => {
    if (child.isTextblock || child.isLeaf) return;
    const own = child.type.name === "bulletList" || child.type.name === "orderedList" ? 1 : 0;
    deepest = Math.max(deepest, own + listDepth(child));
  });
  return deepest;
}

/** Refuses an edit (Tab in a nested item, a drop) that would nest lists deeper than the body format allows. */
const ListDepthLimit = Extension.create({
  name: "listDepthLimit",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("listDepthLimit"),
        filterTransaction: (tr, state) => {
          if (!tr.docChanged) return true;
          const depth = listDepth(tr.doc);
          // A document that is already deeper (it cannot come from the body format) stays editable.
          return depth <= MAX_LIST_DEPTH || depth <= listDepth(state.doc);
        },
      }),
    ];
  },
});

/** What a person typed in the link prompt, as an address: "example.org" means https://example.org. */
function toHref(input: string): string {
  const value = input.trim();
  if (!value || /^[a-z][a-z0-9+.-]*:|^[/#]/i.test(value)) return value;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) return `mailto:${value}`;
  return `https://${value}`;
}

/** Asks for a link address for the selection; an empty answer removes the link. */
export function promptForLink(editor: Editor): boolean {
  if (!editor.isEditable) return false;
  const current = String(editor.getAttributes("link").href ?? "");
  const answer = window.prompt("Link address (leave empty to remove the link)", current);
  if (answer === null) return true;
  const href = toHref(answer);
  if (!href) return editor.chain().focus().extendMarkRange("link").unsetLink().run();
  if (!isSafeHref(href)) {
    window.alert("Links must start with https://, http://, mailto: or / for a page on this site.");
    return true;
  }
  if (editor.state.selection.empty && !editor.isActive("link")) {
    return editor
      .chain()
      .focus()
      .insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href } }] })
      .run();
  }
  return editor.chain().focus().extendMarkRange("link").setLink({ href }).run();
}

/** Asks for the address of an embed and inserts its placeholder. */
export function promptForEmbed(editor: Editor): boolean {
  if (!editor.isEditable) return false;
  const answer = window.prompt("Address of what to embed (https://…)");
  const url = answer?.trim();
  if (!url) return true;
  if (!isEmbedUrl(url)) {
    window.alert("An embed needs a full web address starting with https:// or http://.");
    return true;
  }
  return editor.chain().focus().insertEmbed({ url }).run();
}

const LinkShortcut = Extension.create({
  name: "linkShortcut",
  addKeyboardShortcuts() {
    return { "Mod-k": () => promptForLink(this.editor) };
  },
});

/** Autolinks only addresses the body format accepts (linkify also knows ftp:, file: and others). */
function shouldAutoLink(url: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return /^(https?:\/\/|mailto:)/i.test(url);
  return url.split(/[/?#:]/)[0].includes(".");
}

export const bodyExtensions = [
  StarterKit.configure({
    // Not in the body format.
    code: false,
    codeBlock: false,
    strike: false,
    underline: false,
    horizontalRule: false,
    // Replaced below by versions whose content matches the body format.
    blockquote: false,
    listItem: false,
    heading: { levels: [2, 3] },
    link: {
      openOnClick: false,
      autolink: true,
      linkOnPaste: true,
      defaultProtocol: "https",
      // `protocols` can only add schemes to Tiptap's default list; the allow-list is isAllowedUri.
      isAllowedUri: (url) => isSafeHref(url),
      shouldAutoLink,
      HTMLAttributes: { target: null, rel: null, class: null },
    },
  }),
  Blockquote.extend({ content: "paragraph+" }),
  ListItem.extend({ content: "paragraph (paragraph | list)*" }),
  PullQuote,
  Embed,
  ListDepthLimit,
  LinkShortcut,
];
