/**
 * Reading one S3 object with a SigV4-signed `fetch`: the deployed API's only S3 call. The full S3
 * client costs the API function about 60 ms of module loading at every cold start; the signer the
 * SDK itself uses (@smithy/signature-v4) and Node's fetch do the same GET in a few kilobytes.
 *
 * Configuration is standard: credentials from the environment (as Lambda provides them), region
 * from `AWS_REGION`, and `AWS_ENDPOINT_URL_S3` to point it elsewhere (path-style, as for a local
 * stand-in).
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads an object's text, or undefined when it does not exist. Throws for any other failure. */
export type S3ObjectReader = (bucket: string, key: string) => Promise<string | undefined>;

export interface S3GetOptions {
  env?: Env;
  /** Give up after this long, ms (S3 answers small objects in tens of milliseconds). */
  timeoutMs?: number;
}

const toBytes = (data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the signer expects. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** S3 refused or failed a read; `code` is S3's error code (AccessDenied, SlowDown, ...) when it sent one. */
export class S3ReadError extends Error {
  override readonly name = 'S3ReadError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * An object reader signing with the environment's credentials.
 *
 * @example
 * const read = createS3ObjectReader();
 * const text = await read('my-bucket', 'snapshots/us-east-1.json');
 */
export function createS3ObjectReader({
  env = process.env,
  timeoutMs = 2_000,
}: S3GetOptions = {}): S3ObjectReader {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const signer = new SignatureV4({
    service: 's3',
    region,
    sha256: NodeSha256,
    credentials: async () => {
      const accessKeyId = env.AWS_ACCESS_KEY_ID;
      const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
      if (!accessKeyId || !secretAccessKey) throw new S3ReadError('no AWS credentials in the environment');
      return {
        accessKeyId,
        secretAccessKey,
        ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
      };
    },
  });

  return async (bucket, key) => {
    const path = `/${key.split('/').map(encodeURIComponent).join('/')}`;
    const url = endpoint
      ? new URL(`/${bucket}${path}`, endpoint)
      : new URL(`https://${bucket}.s3.${region}.amazonaws.com${path}`);
    const signed = await signer.sign({
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      query: {},
    });
    const response = await fetch(url, {
      headers: signed.headers as Record<string, string>,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 404) return undefined;
    if (!response.ok) {
      const code = /<Code>([^<]+)<\/Code>/.exec(await response.text().catch(() => ''))?.[1];
      throw new S3ReadError(
        `S3 answered ${response.status} for s3://${bucket}/${key}`,
        code ?? `HTTP ${response.status}`,
      );
    }
    return response.text();
  };
}
