// The benchmark's SMTP server, in a process of its own so that what it holds is not counted as the
// sender's memory. Tells its parent its address, then answers "counts" with who got how many and the CPU it used
// since the last "reset".
import { startSmtp } from "../tests/support/smtp";

const smtp = await startSmtp({ parse: false, keep: false });
process.send!({ url: smtp.url });
let cpuFrom = process.cpuUsage();
process.on("message", async (message) => {
  if (message === "reset") {
    smtp.resetCounts();
    cpuFrom = process.cpuUsage();
    process.send!({ reset: true });
  }
  if (message === "counts") {
    const counts = smtp.countsByAddress();
    let messages = 0;
    let duplicates = 0;
    for (const n of counts.values()) {
      messages += n;
      if (n > 1) duplicates++;
    }
    const cpu = process.cpuUsage(cpuFrom);
    process.send!({ messages, addresses: counts.size, duplicates, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  if (message === "stop") {
    await smtp.close();
    process.exit(0);
  }
});
