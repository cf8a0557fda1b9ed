/**
 * Issue 14, S3 signing: the API's signed fetch (lib/catalog/aws-s3-get.ts) against a stand-in that
 * verifies every SigV4 signature with botocore, an implementation independent of the signer under
 * test, and its URLs against the AWS SDK's own S3 endpoint rules.
 */
import { request } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createS3ObjectReader, S3ReadError, s3ObjectUrl } from '../../lib/catalog/aws-s3-get.js';
import { type FakeS3Server, startFakeS3Server } from './fake-s3-server.js';
import { sigV4VerifierMissing } from './sigv4-verifier.js';

const identity = {
  accessKeyId: 'ASIAEXAMPLEKEY',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////token+with/slashes=',
};
const env = (region: string, extra: Record<string, string> = {}) => ({
  AWS_REGION: region,
  AWS_ACCESS_KEY_ID: identity.accessKeyId,
  AWS_SECRET_ACCESS_KEY: identity.secretAccessKey,
  AWS_SESSION_TOKEN: identity.sessionToken,
  ...extra,
});

/** Keys S3 allows that SigV4's default (double) path escaping broke. */
const awkwardKeys = [
  'snapshots/us-east-1.json',
  'snapshots/with space.json',
  'snapshots/ünïcødé-日本語.json',
  'snapshots/a+b=c&d.json',
  "snapshots/!'()*.json",
  'snapshots/100%25 and %.json',
  'snapshots/tilde~_-.json',
  'snapshots/semi;colon:comma,at@dollar$.json',
  'snapshots//double-slash.json',
];

/** Every test here needs botocore; without it each says so (ctx.skip) instead of vanishing. */
const skipWithoutVerifier = (ctx: { skip: (note?: string) => void }) => {
  if (sigV4VerifierMissing) ctx.skip(sigV4VerifierMissing);
};

describe('S3 signing verified by botocore', () => {
  let s3: FakeS3Server;
  const bucket = 'planner-snapshots';

  beforeAll(async () => {
    if (sigV4VerifierMissing) return;
    s3 = await startFakeS3Server({ verify: { ...identity, region: 'us-east-1' }, basePath: '/gateway/s3' });
  });
  afterAll(() => s3?.close());
  beforeEach((ctx) => {
    skipWithoutVerifier(ctx);
    s3.objects.clear();
    s3.requests.length = 0;
  });

  const seed = (key: string, body = `{"key":${JSON.stringify(key)}}`) =>
    s3.objects.set(`${bucket}/${key}`, { body, contentType: 'application/json', lastModified: new Date() });

  it.each(awkwardKeys)('should read %j with a signature S3 accepts (session token signed)', async (key) => {
    seed(key);
    const read = createS3ObjectReader({
      env: env('us-east-1', { AWS_ENDPOINT_URL_S3: `${s3.url}/gateway/s3/` }),
    });

    expect(await read(bucket, key)).toBe(`{"key":${JSON.stringify(key)}}`);
    expect(s3.requests.at(-1)?.verdict).toMatchObject({ valid: true });
    expect(s3.requests.at(-1)?.authorization).toContain('x-amz-security-token');
  });

  it('should keep the custom endpoint base path', async () => {
    seed('snapshots/us-east-1.json');
    const read = createS3ObjectReader({
      env: env('us-east-1', { AWS_ENDPOINT_URL_S3: `${s3.url}/gateway/s3` }),
    });

    await read(bucket, 'snapshots/us-east-1.json');

    expect(s3.requests.at(-1)?.path).toBe(`${bucket}/snapshots/us-east-1.json`);
  });

  it('should be refused (SignatureDoesNotMatch) with a wrong secret: the stand-in really verifies', async () => {
    seed('snapshots/us-east-1.json');
    const read = createS3ObjectReader({
      env: {
        ...env('us-east-1', { AWS_ENDPOINT_URL_S3: `${s3.url}/gateway/s3` }),
        AWS_SECRET_ACCESS_KEY: 'wrong',
      },
    });

    const error = await read(bucket, 'snapshots/us-east-1.json').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(S3ReadError);
    expect((error as S3ReadError).code).toBe('SignatureDoesNotMatch');
  });

  it('should be refused with a wrong session token', async () => {
    seed('snapshots/us-east-1.json');
    const read = createS3ObjectReader({
      env: {
        ...env('us-east-1', { AWS_ENDPOINT_URL_S3: `${s3.url}/gateway/s3` }),
        AWS_SESSION_TOKEN: 'other',
      },
    });

    await expect(read(bucket, 'snapshots/us-east-1.json')).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });
});

describe('S3 signing for AWS hosts, routed to the verifying stand-in', () => {
  beforeEach(skipWithoutVerifier);

  /** Sends the signed request to the stand-in, keeping the AWS host the signature covers. */
  const routedTo =
    (port: number) =>
    (url: URL, init: { headers: Record<string, string> }): Promise<Response> =>
      new Promise((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: `${url.pathname}${url.search}`, headers: init.headers },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0 })),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });

  it.each([
    { case: 'China (amazonaws.com.cn), virtual-hosted', region: 'cn-north-1', bucket: 'planner-snapshots' },
    { case: 'a dotted bucket, path-style', region: 'eu-west-1', bucket: 'planner.snapshots.example' },
    { case: 'GovCloud', region: 'us-gov-west-1', bucket: 'planner-snapshots' },
  ])('$case: signed for the host and path S3 sees', async ({ region, bucket }) => {
    const s3 = await startFakeS3Server({ verify: { ...identity, region } });
    try {
      const key = 'snapshots/a b+c.json';
      s3.objects.set(`${bucket}/${key}`, { body: 'ok', contentType: 'text/plain', lastModified: new Date() });
      const port = Number(new URL(s3.url).port);
      const read = createS3ObjectReader({ env: env(region), fetch: routedTo(port) });

      expect(await read(bucket, key)).toBe('ok');
      expect(s3.requests.at(-1)?.verdict).toMatchObject({ valid: true });
    } finally {
      await s3.close();
    }
  });
});

describe('Function: s3ObjectUrl', () => {
  // The SDK's own S3 endpoint rules (partitions, virtual-hosting) are the reference.
  const sdk = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const sdkUrl = (bucket: string, region: string, key: string) => {
    const { url } = sdk.config.endpointProvider({
      Bucket: bucket,
      Region: region,
      UseFIPS: false,
      UseDualStack: false,
      ForcePathStyle: false,
      Accelerate: false,
      UseGlobalEndpoint: false,
    });
    return `${url.href.replace(/\/?$/, '/')}${key}`;
  };
  afterAll(() => sdk.destroy());

  const regions = [
    'us-east-1',
    'eu-west-1',
    'ap-southeast-7',
    'mx-central-1',
    'il-central-1',
    'cn-north-1',
    'cn-northwest-1',
    'us-gov-west-1',
    'us-gov-east-1',
    'us-iso-east-1',
    'us-isob-east-1',
    'eu-isoe-west-1',
    'us-isof-south-1',
    'eusc-de-east-1',
  ];
  const buckets = ['planner-snapshots', 'planner.snapshots', 'Legacy_Bucket', 'ab', '192.168.1.10'];

  it.each(regions.flatMap((region) => buckets.map((bucket) => ({ region, bucket }))))(
    'should address $bucket in $region as the SDK does',
    ({ region, bucket }) => {
      expect(s3ObjectUrl({ bucket, key: 'snapshots/x.json', region }).href).toBe(
        sdkUrl(bucket, region, 'snapshots/x.json'),
      );
    },
  );

  it.each([
    ['with space.json', 'with%20space.json'],
    ['a+b=c.json', 'a%2Bb%3Dc.json'],
    ["!'()*", '%21%27%28%29%2A'],
    ['ü', '%C3%BC'],
    ['~-._', '~-._'],
    ['%41', '%2541'],
  ])('should escape the key segment %j once, as S3 expects: %s', (key, escaped) => {
    expect(s3ObjectUrl({ bucket: 'b-1', key: `dir/${key}`, region: 'us-east-1' }).pathname).toBe(
      `/dir/${escaped}`,
    );
  });

  it('should keep a custom endpoint base path and use path-style there', () => {
    expect(
      s3ObjectUrl({ bucket: 'b-1', key: 'k', region: 'us-east-1', endpoint: 'http://127.0.0.1:9000/gw/s3/' })
        .href,
    ).toBe('http://127.0.0.1:9000/gw/s3/b-1/k');
  });

  it('should refuse a key with . or .. segments (a URL would resolve them)', () => {
    expect(() => s3ObjectUrl({ bucket: 'b-1', key: 'a/../b', region: 'us-east-1' })).toThrow(S3ReadError);
  });
});
