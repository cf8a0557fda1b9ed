/**
 * Reading one S3 object with a SigV4-signed `fetch`: the deployed API's only S3 call. The full S3
 * client costs the API function about 60 ms of module loading at every cold start; the signer the
 * SDK itself uses (@smithy/signature-v4) and Node's fetch do the same GET in a few kilobytes.
 *
 * Configuration is standard: credentials from the environment (as Lambda provides them), region
 * from `AWS_REGION`, and `AWS_ENDPOINT_URL_S3` to point it elsewhere (path-style under the
 * endpoint's own path, as for a local stand-in or a gateway).
 *
 * The URL is built as the SDK builds it: the host of the region's partition (amazonaws.com.cn in
 * China, ...), virtual-hosted style unless the bucket name cannot be a host label (dots break the
 * TLS wildcard certificate: path-style then), and the key escaped once, as S3 expects: every byte
 * but A-Z a-z 0-9 - . _ ~ and the `/` between segments, percent-encoded, and signed as sent (S3's
 * canonical URI is the path as sent; SigV4's default second escaping is for other services).
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads an object's text, or undefined when it does not exist. Throws for any other failure. */
export type S3ObjectReader = (bucket: string, key: string) => Promise<string | undefined>;

export interface S3GetOptions {
  env?: Env;
  /** Give up after this long, ms (S3 answers small objects in tens of milliseconds). */
  timeoutMs?: number;
  /** How the signed request is sent; default the global `fetch` (tests route it to a stand-in). */
  fetch?: (url: URL, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<Response>;
}

/**
 * The DNS suffix of each AWS partition but `aws` (amazonaws.com), as the SDK's partitions table
 * (`@aws-sdk/core`, partitions.js) gives them; test/lambda/s3-url.test.ts checks that they agree.
 */
const partitionSuffixes: readonly { pattern: RegExp; dnsSuffix: string }[] = [
  { pattern: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn' },
  { pattern: /^eusc-(de)-\w+-\d+$/, dnsSuffix: 'amazonaws.eu' },
  { pattern: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov' },
  { pattern: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov' },
  { pattern: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk' },
  { pattern: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov' },
  { pattern: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com' },
];

/** amazonaws.com, or the suffix of the partition the region belongs to. */
export function dnsSuffixOf(region: string): string {
  return partitionSuffixes.find((p) => p.pattern.test(region))?.dnsSuffix ?? 'amazonaws.com';
}

/** A bucket name usable as one host label (the SDK's isVirtualHostableS3Bucket): no dots, lowercase. */
export function isVirtualHostableBucket(bucket: string): boolean {
  return /^(?!-)(?!.*-$)[a-z0-9-]{3,63}$/.test(bucket) && !/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket);
}

/** RFC 3986 escaping, S3's way: encodeURIComponent leaves !'()* as they are; S3 wants them escaped. */
const escapeSegment = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The URL of an object, escaped once, as S3 expects it signed and sent.
 *
 * @throws S3ReadError for a key with `.` or `..` segments, which a URL cannot carry unchanged.
 * @example
 * s3ObjectUrl({ bucket: 'b', key: 'a b/c+d.json', region: 'cn-north-1' }).href;
 * // https://b.s3.cn-north-1.amazonaws.com.cn/a%20b/c%2Bd.json
 */
export function s3ObjectUrl({
  bucket,
  key,
  region,
  endpoint,
}: {
  bucket: string;
  key: string;
  region: string;
  endpoint?: string;
}): URL {
  const segments = key.split('/');
  if (segments.some((s) => s === '.' || s === '..'))
    throw new S3ReadError(`The key ${JSON.stringify(key)} has . or .. segments, which a URL would resolve`);
  const path = `/${segments.map(escapeSegment).join('/')}`;
  if (endpoint) {
    const base = new URL(endpoint);
    const basePath = base.pathname.replace(/\/+$/, '');
    return new URL(`${base.origin}${basePath}/${escapeSegment(bucket)}${path}`);
  }
  const host = `s3.${region}.${dnsSuffixOf(region)}`;
  return isVirtualHostableBucket(bucket)
    ? new URL(`https://${bucket}.${host}${path}`)
    : new URL(`https://${host}/${escapeSegment(bucket)}${path}`);
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
  fetch: send = (url, init) => fetch(url, init),
}: S3GetOptions = {}): S3ObjectReader {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  const signer = new SignatureV4({
    service: 's3',
    region,
    sha256: NodeSha256,
    // S3 signs the path as sent (escaped once, by s3ObjectUrl), not escaped a second time.
    uriEscapePath: false,
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
    const url = s3ObjectUrl({ bucket, key, region, endpoint });
    const signed = await signer.sign({
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      query: {},
    });
    const response = await send(url, {
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
