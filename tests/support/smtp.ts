// A real SMTP server for the newsletter tests and benchmark (smtp-server speaks the protocol; nothing
// about the mailer is mocked). It keeps what it receives, parsed by mailparser, and can be told to
// refuse recipients: permanently (5xx, a bounce) or a number of times first (4xx, a retry).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export type Received = { to: string; raw: string; mail: ParsedMail | null };

export type TestSmtp = {
  url: string;
  received: Received[];
  /** How many messages each address got. */
  countsByAddress(): Map<string, number>;
  /** Forgets who got how many (a benchmark's next run). */
  resetCounts(): void;
  refuse(address: string, code: number, times?: number): void;
  close(): Promise<void>;
};

/** `keep: false` keeps only who got how many (a benchmark's 50,000 messages would not fit in memory). */
export async function startSmtp(options: { parse?: boolean; keep?: boolean } = {}): Promise<TestSmtp> {
  const parse = options.parse ?? true;
  const keep = options.keep ?? true;
  const counts = new Map<string, number>();
  const received: Received[] = [];
  const refusals = new Map<string, { code: number; times: number }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (refusal && refusal.times > 0) {
        refusal.times--;
        const error = new Error(refusal.code >= 500 ? "No such user here" : "Try again later") as Error & { responseCode: number };
        error.responseCode = refusal.code;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (keep) chunks.push(chunk);
      });
      stream.on("end", async () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase()).join(",");
        counts.set(to, (counts.get(to) ?? 0) + 1);
        if (keep) {
          const raw = Buffer.concat(chunks).toString("utf8");
          received.push({ to, raw, mail: parse ? await simpleParser(raw) : null });
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    countsByAddress: () => new Map(counts),
    resetCounts: () => counts.clear(),
    refuse(address, code, times = Infinity) {
      refusals.set(address.toLowerCase(), { code, times });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
