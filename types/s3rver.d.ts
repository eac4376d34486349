// s3rver (a real S3-protocol server the tests start) ships no types; only what the tests use.
declare module "s3rver" {
  import type { AddressInfo } from "node:net";
  type Options = { port?: number; address?: string; directory: string; silent?: boolean; configureBuckets?: { name: string; configs: (string | Buffer)[] }[] };
  export default class S3rver {
    constructor(options: Options);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
