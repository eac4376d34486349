// The benchmark's SMTP server, in a process of its own so that what it holds is not counted as the
// sender's memory. Tells its parent its address, then answers "counts" with who got how many.
import { startSmtp } from "../tests/support/smtp";

const smtp = await startSmtp({ parse: false, keep: false });
process.send!({ url: smtp.url });
process.on("message", async (message) => {
  if (message === "counts") {
    const counts = smtp.countsByAddress();
    let messages = 0;
    let duplicates = 0;
    for (const n of counts.values()) {
      messages += n;
      if (n > 1) duplicates++;
    }
    process.send!({ messages, addresses: counts.size, duplicates });
  }
  if (message === "stop") {
    await smtp.close();
    process.exit(0);
  }
});
