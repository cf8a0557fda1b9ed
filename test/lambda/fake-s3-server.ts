/**
 * A local stand-in for S3 with path-style addressing (`forcePathStyle: true`, or an IP endpoint):
 * GET, HEAD and PUT of `/<bucket>/<key>` against an in-memory map, S3's XML error for a missing key.
 * With `verify`, every request's SigV4 signature is checked as S3 checks it, by botocore
 * (sigv4_verifier.py): a bad one gets S3's 403 SignatureDoesNotMatch. `basePath` serves under a
 * prefix (an endpoint such as a gateway with its own path); virtual-hosted requests (the bucket in
 * the Host header) are understood too, so a test can route an AWS URL here.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createS3ObjectReader } from '../../lib/catalog/aws-s3-get.js';
import { type SigningIdentity, startSigV4Verifier, type Verdict } from './sigv4-verifier.js';

export interface StoredObject {
  body: string;
  contentType: string | undefined;
  lastModified: Date;
}

export interface FakeS3Server {
  url: string;
  /** Objects by `<bucket>/<key>`; tests seed and inspect it directly. */
  objects: Map<string, StoredObject>;
  requests: {
    method: string;
    path: string;
    authorization: string | undefined;
    /** The verifier's verdict, when signatures are verified. */
    verdict?: Verdict;
  }[];
  close(): Promise<void>;
}

const notFound = (key: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${key}</Key></Error>`;

const signatureMismatch = (reason: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>${reason}</Message></Error>`;

/** `<bucket>/<key>`, decoded, from a path-style or virtual-hosted request. */
function objectPath(req: IncomingMessage, basePath: string): string | undefined {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!pathname.startsWith(`${basePath}/`)) return undefined;
  const rest = decodeURIComponent(pathname.slice(basePath.length + 1));
  const virtualHost = /^(.+)\.s3\.[a-z0-9-]+\.[a-z0-9.-]+$/.exec(
    (req.headers.host ?? '').split(':')[0] ?? '',
  );
  return virtualHost ? `${virtualHost[1]}/${rest}` : rest;
}

export async function startFakeS3Server({
  verify,
  basePath = '',
}: {
  verify?: SigningIdentity;
  basePath?: string;
} = {}): Promise<FakeS3Server> {
  const objects = new Map<string, StoredObject>();
  const requests: FakeS3Server['requests'] = [];
  const verifier = verify && startSigV4Verifier(verify);
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = objectPath(req, basePath);
    const verdict = await verifier?.verify({
      method: req.method ?? '',
      target: req.url ?? '/',
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
    });
    requests.push({
      method: req.method ?? '',
      path: path ?? '',
      authorization: req.headers.authorization,
      ...(verdict && { verdict }),
    });
    if (verdict && !verdict.valid) {
      res.writeHead(403, { 'content-type': 'application/xml' }).end(signatureMismatch(verdict.reason));
      return;
    }
    if (path === undefined) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end(notFound(req.url ?? ''));
      return;
    }
    const object = objects.get(path);
    if (req.method === 'PUT') {
      objects.set(path, {
        body: Buffer.concat(chunks).toString('utf8'),
        contentType: req.headers['content-type'],
        lastModified: new Date(),
      });
      res.writeHead(200, { etag: '"fake"' }).end();
    } else if ((req.method === 'GET' || req.method === 'HEAD') && object) {
      res.writeHead(200, {
        'content-type': object.contentType ?? 'application/octet-stream',
        'content-length': Buffer.byteLength(object.body),
        'last-modified': object.lastModified.toUTCString(),
        etag: '"fake"',
      });
      res.end(req.method === 'GET' ? object.body : undefined);
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end(req.method === 'GET' ? notFound(path) : undefined);
    } else {
      res.writeHead(405).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        verifier?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The deployed read path (signed fetch) pointed at a local stand-in, giving up quickly. */
export const readerFor = (endpoint: string) =>
  createS3ObjectReader({
    env: {
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
    },
    timeoutMs: 300,
  });
