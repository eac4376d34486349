import "server-only";
import { randomUUID } from "node:crypto";
import MimeNode from "nodemailer/lib/mime-node";
import { encode as qpEncode, wrap as qpWrap } from "nodemailer/lib/qp";
import { escapeHtml, type CompiledEmail, type Personal } from "@/lib/newsletters/email";

// The MIME message of an issue, built once and filled in per reader. Composing a 30 kB HTML email
// with nodemailer for every reader (choosing an encoding, quoted-printable over the whole HTML,
// folding every header) cost about 5 ms of CPU per message, which capped a sender far below the
// rate an SMTP provider allows. Here the header block and both bodies are encoded once; what differs
// per reader (To, Date, Message-ID, List-Unsubscribe, the signed links) is put into the prebuilt
// bytes.
//
// The bodies are quoted-printable, cut at every marker of a per-reader link: each piece is encoded
// and wrapped on its own and ends with a soft line break ("=" CRLF, which a decoder removes), so a
// link dropped between two pieces is encoded and wrapped on lines of its own and the message stays
// valid however long the link is. The same encoder as nodemailer's, so the bytes a reader's client
// decodes are what a per-message composition gave.

type Slot = keyof CompiledEmail["markers"];
type Piece = Buffer | { slot: Slot; html: boolean };

export type MessageTemplate = {
  /** The signed links the bodies carry (the open image only when open counting is on). */
  slots: ReadonlySet<Slot>;
  /** The whole message for one reader, and the SMTP envelope to send it with. */
  render(to: string, personal: Personal): { raw: Buffer; envelope: { from: string; to: string[] } };
};

export type MessageHeaders = {
  from: { name: string; address: string };
  listId: string;
};

const CRLF = "\r\n";
// Lines of at most 76 characters with the soft break's "=".
const QP_LINE = 75;

/** Quoted-printable for a piece that is followed by another piece: it ends with a soft line break. */
const qpPiece = (text: string) => `${qpWrap(qpEncode(text.replace(/\r?\n/g, CRLF)), QP_LINE)}=${CRLF}`;

function bodyPieces(body: string, markers: CompiledEmail["markers"], html: boolean, slots: Set<Slot>): Piece[] {
  const bySlot = new Map(Object.entries(markers).map(([slot, marker]) => [marker, slot as Slot]));
  const pattern = new RegExp(`(${[...bySlot.keys()].join("|")})`);
  return body.split(pattern).map((part, i) => {
    if (i % 2 === 0) return Buffer.from(qpPiece(part), "ascii");
    const slot = bySlot.get(part)!;
    slots.add(slot);
    return { slot, html };
  });
}

/** Header fields as nodemailer writes them (encoded words, folding), without the ones named. */
function headerFields(node: MimeNode, leaveOut: string[]): string {
  const skip = new Set(leaveOut.map((name) => name.toLowerCase()));
  return node
    .buildHeaders()
    .split(/\r\n(?![ \t])/)
    .filter((field) => !skip.has(field.slice(0, field.indexOf(":")).toLowerCase()))
    .join(CRLF);
}

// An address nodemailer would write as it is (no encoded words, no IDN conversion, no quoting).
const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+$/;

export function buildMessageTemplate(email: CompiledEmail, headers: MessageHeaders): MessageTemplate {
  const boundary = `----newsroom-${randomUUID()}`;
  const domain = headers.from.address.split("@").pop() || "localhost";
  const root = new MimeNode("multipart/alternative");
  root.setHeader({
    From: headers.from as unknown as string,
    Subject: email.subject,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": headers.listId,
    "Content-Type": `multipart/alternative; boundary="${boundary}"`,
  });
  const fixedHeaders = headerFields(root, ["Date", "Message-ID", "Content-Transfer-Encoding"]);
  const envelopeFrom = root.getEnvelope().from as string;

  const slots = new Set<Slot>();
  const part = (type: string) => `--${boundary}${CRLF}Content-Type: ${type}; charset=utf-8${CRLF}Content-Transfer-Encoding: quoted-printable${CRLF}${CRLF}`;
  const pieces: Piece[] = [
    Buffer.from(`${CRLF}${CRLF}${part("text/plain")}`),
    ...bodyPieces(email.text, email.markers, false, slots),
    Buffer.from(`${CRLF}${part("text/html")}`),
    ...bodyPieces(email.html, email.markers, true, slots),
    Buffer.from(`${CRLF}--${boundary}--${CRLF}`),
  ];

  return {
    slots,
    render(to, personal) {
      let toField: string;
      let envelopeTo: string[];
      if (PLAIN_ADDRESS.test(to)) {
        toField = `To: ${to}`;
        envelopeTo = [to];
      } else {
        // An internationalized address: nodemailer's own conversion, for the rare reader who has one.
        const node = new MimeNode("text/plain").setHeader({ From: headers.from.address, To: to });
        toField = headerFields(node, ["From", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"]);
        envelopeTo = node.getEnvelope().to;
      }
      const perReader = [
        fixedHeaders,
        toField,
        `Date: ${new Date().toUTCString().replace(/GMT/, "+0000")}`,
        `Message-ID: <${randomUUID()}@${domain}>`,
        // RFC 2369 and RFC 8058 (one-click, with List-Unsubscribe-Post above): the reader's own address.
        `List-Unsubscribe: <${personal.unsubscribeUrl}>`,
      ].join(CRLF);
      const links: Record<Slot, string> = {
        preferences: personal.preferencesUrl,
        unsubscribe: personal.unsubscribeUrl,
        open: personal.openUrl ?? "",
      };
      const encoded = new Map<string, Buffer>();
      const filled = pieces.map((piece) => {
        if (Buffer.isBuffer(piece)) return piece;
        const key = `${piece.slot}:${piece.html}`;
        let value = encoded.get(key);
        if (!value) {
          const link = links[piece.slot];
          value = Buffer.from(qpPiece(piece.html ? escapeHtml(link) : link), "ascii");
          encoded.set(key, value);
        }
        return value;
      });
      return { raw: Buffer.concat([Buffer.from(perReader), ...filled]), envelope: { from: envelopeFrom, to: envelopeTo } };
    },
  };
}
