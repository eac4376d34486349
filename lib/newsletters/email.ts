import "server-only";
import { randomUUID } from "node:crypto";
import mjml2html from "mjml";
import type { DigestItem } from "@/lib/newsletters/digest";

// Newsletter emails: MJML (the mjml package) compiles our markup to the table-based, inline-styled,
// responsive HTML that mail clients render; a plain-text part goes with it. MJML copies text into
// the HTML as it is, so every piece of text is HTML-escaped here, and links are only ever addresses
// this app builds (http or https).
//
// An issue is compiled once (compiling takes tens of milliseconds); what differs per reader (the
// preferences and unsubscribe links, the open-counting image) is put in afterwards in place of
// markers that carry a random value, so that no headline can contain one.

export type EmailContent = {
  newsletterName: string;
  subject: string;
  intro: string;
  items: DigestItem[];
  /** "Breaking news" above the headline of an alert. */
  kicker?: string;
  siteName: string;
  mailingAddress: string;
  countOpens: boolean;
};

export type CompiledEmail = { subject: string; html: string; text: string; markers: Markers };
type Markers = { preferences: string; unsubscribe: string; open: string };
export type Personal = { preferencesUrl: string; unsubscribeUrl: string; openUrl?: string };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Only our own absolute http(s) links reach an href; anything else becomes the site's origin. */
function safeHref(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return escapeHtml(parsed.toString());
  } catch {
    // fall through
  }
  return "#";
}

const FONT = "Georgia, 'Times New Roman', serif";
const SANS = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

function itemMarkup(item: DigestItem, lead: boolean): string {
  const image = item.image
    ? `<mj-image src="${safeHref(item.image.src)}" alt="${escapeHtml(item.image.alt)}" width="${Math.round(item.image.width)}px" href="${safeHref(item.url)}" padding="0 0 8px 0" />`
    : "";
  return `<mj-section padding="8px 0"><mj-column>${image}
    <mj-text font-family="${FONT}" font-size="${lead ? 24 : 19}px" line-height="1.25" font-weight="700" padding="0 0 4px 0"><a href="${safeHref(item.url)}" style="color:#111111;text-decoration:none">${escapeHtml(item.headline)}</a></mj-text>
    ${item.dek ? `<mj-text font-family="${SANS}" font-size="15px" line-height="1.5" color="#444444" padding="0">${escapeHtml(item.dek)}</mj-text>` : ""}
    <mj-divider border-width="1px" border-color="#dddddd" padding="12px 0 0 0" />
  </mj-column></mj-section>`;
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export async function compileEmail(content: EmailContent): Promise<CompiledEmail> {
  const nonce = randomUUID().replace(/-/g, "");
  const markers: Markers = { preferences: `nrpref${nonce}`, unsubscribe: `nrunsub${nonce}`, open: `nropen${nonce}` };
  const preview = content.intro || content.items[0]?.headline || content.subject;
  const mjml = `<mjml>
  <mj-head>
    <mj-title>${escapeHtml(content.subject)}</mj-title>
    <mj-preview>${escapeHtml(preview.slice(0, 140))}</mj-preview>
    <mj-attributes><mj-all font-family="${SANS}" /><mj-text color="#111111" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f4f1" width="600px">
    <mj-section background-color="#ffffff" padding="20px 24px 8px 24px"><mj-column>
      <mj-text font-family="${FONT}" font-size="14px" color="#666666" padding="0" text-transform="uppercase" letter-spacing="1px">${escapeHtml(content.siteName)} · ${escapeHtml(content.newsletterName)}</mj-text>
      ${content.kicker ? `<mj-text font-size="13px" font-weight="700" color="#b00020" padding="12px 0 0 0" text-transform="uppercase">${escapeHtml(content.kicker)}</mj-text>` : ""}
      ${paragraphs(content.intro)
        .map((p) => `<mj-text font-family="${FONT}" font-size="17px" line-height="1.5" padding="12px 0 0 0">${escapeHtml(p)}</mj-text>`)
        .join("\n")}
    </mj-column></mj-section>
    <mj-wrapper background-color="#ffffff" padding="0 24px 16px 24px">
      ${content.items.map((item, i) => itemMarkup(item, i === 0)).join("\n")}
    </mj-wrapper>
    <mj-section padding="16px 24px"><mj-column>
      <mj-text font-size="12px" line-height="1.6" color="#666666" align="center" padding="0">You receive ${escapeHtml(content.newsletterName)} because you subscribed to it.<br /><a href="${markers.preferences}" style="color:#666666">Manage your newsletters</a> · <a href="${markers.unsubscribe}" style="color:#666666">Unsubscribe</a></mj-text>
      ${content.mailingAddress ? `<mj-text font-size="12px" color="#666666" align="center" padding="8px 0 0 0">${escapeHtml(content.siteName)}, ${escapeHtml(content.mailingAddress)}</mj-text>` : ""}
      ${content.countOpens ? `<mj-raw><img src="${markers.open}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" /></mj-raw>` : ""}
    </mj-column></mj-section>
  </mj-body>
</mjml>`;
  // No web fonts: a font link would make every reader's mail client call out to a font server.
  const { html, errors } = await mjml2html(mjml, { validationLevel: "soft", fonts: {}, keepComments: false });
  if (errors.length) console.warn(`[newsletter] MJML reported ${errors.length} problem(s) compiling "${content.subject}": ${errors[0].formattedMessage}`);

  const text = [
    `${content.siteName} · ${content.newsletterName}`,
    content.kicker ? content.kicker.toUpperCase() : "",
    ...paragraphs(content.intro),
    ...content.items.map((item) => [item.headline, item.dek, item.url].filter(Boolean).join("\n")),
    `Manage your newsletters: ${markers.preferences}\nUnsubscribe: ${markers.unsubscribe}`,
    content.mailingAddress ? `${content.siteName}, ${content.mailingAddress}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  return { subject: content.subject, html, text: text + "\n", markers };
}

/** The compiled issue with one reader's links in place of the markers. */
export function personalize(email: CompiledEmail, personal: Personal): { subject: string; html: string; text: string } {
  const fill = (body: string, html: boolean) => {
    const value = (url: string) => (html ? escapeHtml(url) : url);
    return body
      .replaceAll(email.markers.preferences, value(personal.preferencesUrl))
      .replaceAll(email.markers.unsubscribe, value(personal.unsubscribeUrl))
      .replaceAll(email.markers.open, value(personal.openUrl ?? ""));
  };
  return { subject: email.subject, html: fill(email.html, true), text: fill(email.text, false) };
}
