import "server-only";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { mediaStoreSettings, type MediaStoreSettings } from "@/lib/env";

// The media store: private originals and public renditions, by key. On disk under the data folder by
// default (one machine), or in an S3-compatible bucket (several web servers see the same files). Keys
// are "originals/<media id>.<ext>" and the renditions' file names; nothing in a key comes from a user.
// Whether a reader may fetch a rendition is decided by the /media route, never by the store.

export interface MediaStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The file's bytes, or null when there is none under that key. */
  get(key: string): Promise<Buffer | null>;
  /** Removes the file; a missing file is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are ours ("originals/<uuid>.jpeg", "<hex>.avif"); anything else would be a bug, never a path outside the store. */
const KEY = /^(originals\/)?[0-9a-f-]{16,80}\.[a-z0-9]{2,5}$/;

function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`Not a media store key: ${JSON.stringify(key)}`);
  return key;
}

function diskStore(directory: string): MediaStore {
  const fileOf = (key: string) => path.join(directory, checkedKey(key));
  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Written aside and renamed, so that a reader never gets half a file.
      const temporary = `${file}.${randomUUID()}.part`;
      await writeFile(temporary, bytes, { mode: 0o640 });
      await rename(temporary, file);
    },
    async get(key) {
      try {
        return await readFile(fileOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}

function s3Store(settings: Extract<MediaStoreSettings, { kind: "s3" }>): MediaStore {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials:
      settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
  });
  const Bucket = settings.bucket;
  return {
    async put(key, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket, Key: checkedKey(key), Body: bytes, ContentType: contentType, ContentLength: bytes.length }));
    },
    async get(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: checkedKey(key) }));
        return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : null;
      } catch (error) {
        if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return null;
        throw error;
      }
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: checkedKey(key) }));
    },
  };
}

const stores = new Map<string, MediaStore>();

/** The configured store (one per distinct configuration in this process). */
export function mediaStore(settings: MediaStoreSettings = mediaStoreSettings()): MediaStore {
  const id = JSON.stringify(settings);
  let store = stores.get(id);
  if (!store) {
    store = settings.kind === "disk" ? diskStore(settings.directory) : s3Store(settings);
    stores.set(id, store);
  }
  return store;
}
