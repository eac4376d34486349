// A small ZIP writer for tests: real archives (deflated or stored, with the local headers, central
// directory and end record a zip tool writes), including the hostile ones a real tool refuses to
// make: names with "..", absolute paths, backslashes or NUL, and symbolic links.
import { crc32, deflateRawSync } from "node:zlib";

export type ZipEntry = {
  name: string;
  data?: Buffer | string;
  /** Stored as-is instead of deflated. */
  store?: boolean;
  /** A symbolic link to this target (Unix mode 0120777 in the external attributes). */
  symlinkTo?: string;
  /** Overrides the uncompressed size written in the headers (an entry that lies about its size). */
  declaredSize?: number;
};

/** The bytes of a .zip holding the entries, in order. */
export function buildZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const raw = Buffer.from(entry.symlinkTo ?? entry.data ?? "");
    const method = entry.store || entry.symlinkTo !== undefined || entry.name.endsWith("/") ? 0 : 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const crc = crc32(raw);
    const size = entry.declaredSize ?? raw.length;
    const mode = entry.symlinkTo !== undefined ? 0o120777 : entry.name.endsWith("/") ? 0o040755 : 0o100644;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((mode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
