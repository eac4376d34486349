"use client";

import { closeHistory } from "@tiptap/pm/history";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { normalizeBody, type BodyDoc } from "@/lib/body/story-body";
import { cleanPastedHtml } from "./clean-pasted-html";
import { bodyExtensions, promptForEmbed, promptForLink } from "./rich-text-extensions";
import { Photo } from "./rich-text-photo";
import { PhotoPicker } from "./photo-picker";
import type { PhotoChoice } from "@/lib/media/picker";

type Props = {
  /** The id of the editable element. */
  id: string;
  /** The id of the visible label: a contenteditable element cannot be labelled with <label for>. */
  labelledBy: string;
  value: BodyDoc;
  /** Called with the normalized body after every change to it. */
  onChange: (doc: BodyDoc) => void;
  describedBy?: string;
  invalid?: boolean;
  readOnly?: boolean;
  /** The library photos the form knows of, for the body's photo previews. */
  photoLookup?: (mediaId: string) => PhotoChoice | undefined;
  /** Told of a photo chosen in the picker, before it goes into the body. */
  onPhotoPicked?: (photo: PhotoChoice) => void;
};

// Tiptap's base styles for ProseMirror written as classes (injectCSS is off, so the editor adds no
// inline <style> for a Content-Security-Policy to refuse), then the story's look, close to the page.
const EDITABLE_CLASS = [
  "relative whitespace-break-spaces break-words [font-variant-ligatures:none] [&_[contenteditable=false]]:whitespace-normal",
  "[&_img.ProseMirror-separator]:m-0 [&_img.ProseMirror-separator]:inline [&_img.ProseMirror-separator]:size-0 [&_img.ProseMirror-separator]:border-0",
  "[&_.ProseMirror-gapcursor]:pointer-events-none [&_.ProseMirror-gapcursor]:absolute [&_.ProseMirror-gapcursor]:hidden [&.ProseMirror-focused_.ProseMirror-gapcursor]:block",
  "[&_.ProseMirror-gapcursor]:after:absolute [&_.ProseMirror-gapcursor]:after:-top-0.5 [&_.ProseMirror-gapcursor]:after:block [&_.ProseMirror-gapcursor]:after:w-5 [&_.ProseMirror-gapcursor]:after:border-t [&_.ProseMirror-gapcursor]:after:border-ink",
  "[&.ProseMirror-hideselection]:caret-transparent [&.ProseMirror-hideselection_*]:selection:bg-transparent",
  "[&_.ProseMirror-selectednode]:outline-2 [&_.ProseMirror-selectednode]:outline-accent",
  "min-h-80 space-y-4 px-4 py-3 font-serif text-lg leading-relaxed focus-visible:outline-offset-[-3px] [&_a]:underline [&_a]:underline-offset-2",
  "[&_h2]:pt-2 [&_h2]:font-sans [&_h2]:text-xl [&_h2]:font-bold [&_h3]:font-sans [&_h3]:text-lg [&_h3]:font-bold",
  "[&_blockquote]:space-y-3 [&_blockquote]:border-l-4 [&_blockquote]:border-accent [&_blockquote]:pl-4 [&_blockquote]:italic",
  "[&_ul]:list-disc [&_ol]:list-decimal [&_:is(ul,ol)]:space-y-2 [&_:is(ul,ol)]:pl-7",
].join(" ");

const sameBody = (a: BodyDoc, b: BodyDoc) => JSON.stringify(a) === JSON.stringify(b);

/** ProseMirror needs a block to put the cursor in. */
const toEditorContent = (doc: BodyDoc) => (doc.content.length ? doc : { type: "doc", content: [{ type: "paragraph" }] });

/** The story body as rich text: a Tiptap editor whose output is always in the body format. */
export function RichTextEditor({ id, labelledBy, value, onChange, describedBy, invalid = false, readOnly = false, photoLookup, onPhotoPicked }: Props) {
  const [initial] = useState(() => normalizeBody(value));
  // Stable, so that useEditor does not see new options on every render.
  const [initialContent] = useState(() => toEditorContent(initial));
  // The body the form and the editor last agreed on. Edits that leave it unchanged (an empty
  // paragraph) are not reported, and a value equal to it is not written back into the editor,
  // which would move the cursor.
  const agreed = useRef(initial);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const lookupRef = useRef(photoLookup);
  // The body's photo views listen for news of their photos (a preview ready once processing ends).
  const [photoListeners] = useState(() => new Set<() => void>());
  useEffect(() => {
    lookupRef.current = photoLookup;
    for (const listener of photoListeners) listener();
  }, [photoLookup, photoListeners]);
  // Stable, like the options below: node views read the form's current photos through the ref.
  // eslint-disable-next-line react-hooks/refs -- the ref is read only when a node view asks, long after render
  const [extensions] = useState(() => [
    ...bodyExtensions,
    Photo.configure({
      lookup: (mediaId) => lookupRef.current?.(mediaId),
      subscribe: (listener) => {
        photoListeners.add(listener);
        return () => photoListeners.delete(listener);
      },
    }),
  ]);
  const [picking, setPicking] = useState(false);

  const editorProps = useMemo(() => {
    const attributes: Record<string, string> = { id, role: "textbox", "aria-multiline": "true", "aria-labelledby": labelledBy, class: EDITABLE_CLASS };
    if (describedBy) attributes["aria-describedby"] = describedBy;
    if (invalid) attributes["aria-invalid"] = "true";
    if (readOnly) attributes["aria-readonly"] = "true";
    return { attributes, transformPastedHTML: cleanPastedHtml };
  }, [id, labelledBy, describedBy, invalid, readOnly]);

  const editor = useEditor({
    immediatelyRender: false,
    injectCSS: false,
    extensions,
    content: initialContent,
    editable: !readOnly,
    editorProps,
    onUpdate: ({ editor: current }) => {
      const doc = normalizeBody(current.getJSON());
      if (sameBody(doc, agreed.current)) return;
      agreed.current = doc;
      onChangeRef.current(doc);
    },
  });

  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.options.editable === readOnly) editor.setEditable(!readOnly);
  }, [editor, readOnly]);

  // A value from outside (another revision restored, say) replaces the content only if it differs,
  // as an undo step of its own.
  useEffect(() => {
    if (!editor || editor.isDestroyed || value === agreed.current) return;
    const next = normalizeBody(value);
    agreed.current = next;
    if (sameBody(normalizeBody(editor.getJSON()), next)) return;
    editor
      .chain()
      .command(({ tr }) => Boolean(closeHistory(tr)))
      .setContent(toEditorContent(next), { emitUpdate: false })
      .run();
  }, [editor, value]);

  return (
    <div data-invalid={invalid} className="rounded border border-rule bg-paper data-[invalid=true]:border-2 data-[invalid=true]:border-accent">
      <Toolbar editor={editor} readOnly={readOnly} controls={id} onInsertPhoto={() => setPicking((open) => !open)} />
      {picking && editor ? (
        <div className="border-b border-rule p-2">
          <PhotoPicker
            purpose="the body"
            onClose={() => setPicking(false)}
            onPick={(photo) => {
              onPhotoPicked?.(photo);
              setPicking(false);
              editor.chain().focus().insertPhoto({ mediaId: photo.id }).run();
            }}
          />
        </div>
      ) : null}
      <EditorContent editor={editor} className="min-h-80" />
    </div>
  );
}

type Action = { key: string; label: string; run: (editor: Editor) => unknown; enabled: boolean; pressed?: boolean; shortcut?: string };

function useToolbarActions(editor: Editor | null, readOnly: boolean, onInsertPhoto: () => void): Action[] {
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      if (!current) return null;
      const can = () => current.can();
      return {
        bold: current.isActive("bold"),
        italic: current.isActive("italic"),
        link: current.isActive("link"),
        h2: current.isActive("heading", { level: 2 }),
        h3: current.isActive("heading", { level: 3 }),
        quote: current.isActive("blockquote"),
        pullQuote: current.isActive("pullQuote"),
        bulletList: current.isActive("bulletList"),
        orderedList: current.isActive("orderedList"),
        canBold: can().toggleBold(),
        canItalic: can().toggleItalic(),
        canLink: can().setLink({ href: "https://example.org" }),
        canH2: can().toggleHeading({ level: 2 }),
        canH3: can().toggleHeading({ level: 3 }),
        canQuote: can().toggleBlockquote(),
        canPullQuote: can().togglePullQuote(),
        canBulletList: can().toggleBulletList(),
        canOrderedList: can().toggleOrderedList(),
        canEmbed: can().insertEmbed({ url: "https://example.org" }),
        canPhoto: can().insertPhoto({ mediaId: "00000000-0000-4000-8000-000000000000" }),
        canUndo: can().undo(),
        canRedo: can().redo(),
      };
    },
  });
  const on = (enabled: boolean | undefined) => !readOnly && Boolean(enabled);
  return [
    {
      key: "bold",
      label: "Bold",
      shortcut: "Control+B Meta+B",
      pressed: Boolean(state?.bold),
      enabled: on(state?.canBold),
      run: (e) => e.chain().focus().toggleBold().run(),
    },
    {
      key: "italic",
      label: "Italic",
      shortcut: "Control+I Meta+I",
      pressed: Boolean(state?.italic),
      enabled: on(state?.canItalic),
      run: (e) => e.chain().focus().toggleItalic().run(),
    },
    { key: "link", label: "Link", shortcut: "Control+K Meta+K", pressed: Boolean(state?.link), enabled: on(state?.canLink || state?.link), run: promptForLink },
    { key: "h2", label: "Subhead", pressed: Boolean(state?.h2), enabled: on(state?.canH2), run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run() },
    {
      key: "h3",
      label: "Small subhead",
      pressed: Boolean(state?.h3),
      enabled: on(state?.canH3),
      run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
    },
    { key: "quote", label: "Quote", pressed: Boolean(state?.quote), enabled: on(state?.canQuote), run: (e) => e.chain().focus().toggleBlockquote().run() },
    {
      key: "pullQuote",
      label: "Pull quote",
      pressed: Boolean(state?.pullQuote),
      enabled: on(state?.canPullQuote),
      run: (e) => e.chain().focus().togglePullQuote().run(),
    },
    {
      key: "bulletList",
      label: "Bulleted list",
      pressed: Boolean(state?.bulletList),
      enabled: on(state?.canBulletList),
      run: (e) => e.chain().focus().toggleBulletList().run(),
    },
    {
      key: "orderedList",
      label: "Numbered list",
      pressed: Boolean(state?.orderedList),
      enabled: on(state?.canOrderedList),
      run: (e) => e.chain().focus().toggleOrderedList().run(),
    },
    { key: "embed", label: "Embed", enabled: on(state?.canEmbed), run: promptForEmbed },
    { key: "photo", label: "Insert photo", enabled: on(state?.canPhoto), run: onInsertPhoto },
    { key: "undo", label: "Undo", shortcut: "Control+Z Meta+Z", enabled: on(state?.canUndo), run: (e) => e.chain().focus().undo().run() },
    { key: "redo", label: "Redo", shortcut: "Control+Shift+Z Meta+Shift+Z", enabled: on(state?.canRedo), run: (e) => e.chain().focus().redo().run() },
  ];
}

const NAVIGATION_KEYS = new Set(["ArrowLeft", "ArrowRight", "Home", "End"]);

/** The formatting toolbar: one tab stop, arrow keys move between its buttons (WAI-ARIA toolbar pattern). */
function Toolbar({ editor, readOnly, controls, onInsertPhoto }: { editor: Editor | null; readOnly: boolean; controls: string; onInsertPhoto: () => void }) {
  const actions = useToolbarActions(editor, readOnly, onInsertPhoto);
  const [focused, setFocused] = useState("bold");
  const enabled = actions.filter((action) => action.enabled);
  const tabStop = enabled.some((action) => action.key === focused) ? focused : enabled[0]?.key;

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (!NAVIGATION_KEYS.has(event.key)) return;
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button:not(:disabled)")];
    if (!buttons.length) return;
    event.preventDefault();
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next =
      event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1 : (current + (event.key === "ArrowRight" ? 1 : -1) + buttons.length) % buttons.length;
    buttons[next].focus();
  }

  return (
    <div
      role="toolbar"
      aria-label="Formatting"
      aria-controls={controls}
      onKeyDown={onKeyDown}
      className="flex flex-wrap gap-1 border-b border-rule p-1.5 font-sans"
    >
      {actions.map((action) => (
        <button
          key={action.key}
          type="button"
          tabIndex={action.key === tabStop ? 0 : -1}
          aria-pressed={action.pressed}
          aria-keyshortcuts={action.shortcut}
          disabled={!action.enabled}
          onFocus={() => setFocused(action.key)}
          onClick={() => editor && action.run(editor)}
          className="rounded px-2 py-1 text-sm font-semibold hover:bg-rule/40 disabled:cursor-not-allowed disabled:opacity-50 aria-pressed:bg-ink aria-pressed:text-paper"
        >
          {action.label}
        </button>
      ))}
    </div>
  );
}
