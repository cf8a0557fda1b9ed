/**
 * A local stand-in for the AWS Price List Query API, speaking its wire protocol (AWS JSON 1.1):
 * POST / with `X-Amz-Target: AWSPriceListService.GetProducts`, a JSON body with ServiceCode, Filters
 * and NextToken, and an answer `{ FormatVersion, PriceList: [<JSON strings>], NextToken }`.
 *
 * Like the real API it honours TERM_MATCH filters (an item matches when each filtered attribute equals
 * the value), so decoys the filters exclude never reach the client; decoys only a parser can reject
 * (zero price, Reserved-only terms) are served.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { vi } from 'vitest';

export type PriceItem = {
  product: { productFamily: string; attributes: Record<string, string>; sku: string };
  serviceCode: string;
  terms: Record<string, unknown>;
  version: string;
  publicationDate: string;
};

export interface RecordedRequest {
  target: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  body: {
    ServiceCode?: string;
    Filters?: { Type: string; Field: string; Value: string }[];
    NextToken?: string;
  };
}

export interface FakePricingServerOptions {
  items: readonly PriceItem[];
  pageSize?: number;
  /** Answer the first N requests with a ThrottlingException (HTTP 400), as the real API does. */
  throttleFirst?: number;
  /** Delay every answer by this many ms (timeouts). */
  delayMs?: number;
  /** Accept requests and never answer. */
  hang?: boolean;
}

export interface FakePricingServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** One on-demand term with an hourly USD price, in the Price List's shape. */
export function onDemandTerm(sku: string, usd: string) {
  return {
    [`${sku}.JRTCKXETXF`]: {
      priceDimensions: {
        [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
          unit: 'Hrs',
          endRange: 'Inf',
          description: `$${usd} per On Demand Linux Instance Hour`,
          appliesTo: [],
          rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`,
          beginRange: '0',
          pricePerUnit: { USD: usd },
        },
      },
      sku,
      effectiveDate: '2026-07-01T00:00:00Z',
      offerTermCode: 'JRTCKXETXF',
      termAttributes: {},
    },
  };
}

/** A 1-year no-upfront reserved term (cheaper than on demand: a parser must not pick it). */
export function reservedTerm(sku: string, usd: string) {
  return {
    [`${sku}.4NA7Y494T4`]: {
      priceDimensions: {
        [`${sku}.4NA7Y494T4.6YS6EN2CT7`]: {
          unit: 'Hrs',
          endRange: 'Inf',
          description: 'Linux/UNIX (Amazon VPC), reserved instance applied',
          appliesTo: [],
          rateCode: `${sku}.4NA7Y494T4.6YS6EN2CT7`,
          beginRange: '0',
          pricePerUnit: { USD: usd },
        },
      },
      sku,
      effectiveDate: '2026-07-01T00:00:00Z',
      offerTermCode: '4NA7Y494T4',
      termAttributes: { LeaseContractLength: '1yr', OfferingClass: 'standard', PurchaseOption: 'No Upfront' },
    },
  };
}

let skuCounter = 0;

/**
 * A Price List item for an on-demand Linux shared-tenancy instance in us-east-1; override attributes
 * or terms per case.
 */
export function priceItem({
  instanceType,
  usd,
  attributes = {},
  terms,
}: {
  instanceType: string;
  usd: string;
  attributes?: Record<string, string>;
  terms?: (sku: string) => Record<string, unknown>;
}): PriceItem {
  skuCounter += 1;
  const sku = `SKU${String(skuCounter).padStart(13, '0')}`;
  return {
    product: {
      productFamily: 'Compute Instance',
      attributes: {
        instanceType,
        regionCode: 'us-east-1',
        location: 'US East (N. Virginia)',
        operatingSystem: 'Linux',
        tenancy: 'Shared',
        preInstalledSw: 'NA',
        capacitystatus: 'Used',
        marketoption: 'OnDemand',
        licenseModel: 'No License required',
        usagetype: `BoxUsage:${instanceType}`,
        operation: 'RunInstances',
        servicecode: 'AmazonEC2',
        ...attributes,
      },
      sku,
    },
    serviceCode: 'AmazonEC2',
    terms: terms ? terms(sku) : { OnDemand: onDemandTerm(sku, usd) },
    version: '20260720000000',
    publicationDate: '2026-07-20T00:00:00Z',
  };
}

function matches(item: PriceItem, filters: RecordedRequest['body']['Filters']): boolean {
  return (filters ?? []).every(
    (f) => f.Type !== 'TERM_MATCH' || item.product.attributes[f.Field] === f.Value,
  );
}

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-requestid': 'fake-request-id',
    ...(errorType && { 'x-amzn-errortype': errorType }),
  });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the stand-in on 127.0.0.1 with a random port. */
export async function startFakePricingServer({
  items,
  pageSize = 2,
  throttleFirst = 0,
  delayMs = 0,
  hang = false,
}: FakePricingServerOptions): Promise<FakePricingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const body = (raw ? JSON.parse(raw) : {}) as RecordedRequest['body'];
    requests.push({
      target: req.headers['x-amz-target'] as string | undefined,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      body,
    });
    if (hang) return;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (
      req.method !== 'POST' ||
      req.url !== '/' ||
      req.headers['x-amz-target'] !== 'AWSPriceListService.GetProducts'
    ) {
      send(
        res,
        400,
        { __type: 'UnknownOperationException', message: 'unknown operation' },
        'UnknownOperationException',
      );
      return;
    }
    if (requests.length <= throttleFirst) {
      send(res, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException');
      return;
    }
    const selected = items.filter(
      (item) => item.serviceCode === body.ServiceCode && matches(item, body.Filters),
    );
    const start = body.NextToken ? Number(Buffer.from(body.NextToken, 'base64url').toString()) : 0;
    const end = start + pageSize;
    send(res, 200, {
      FormatVersion: 'aws_v1',
      PriceList: selected.slice(start, end).map((item) => JSON.stringify(item)),
      ...(end < selected.length && { NextToken: Buffer.from(String(end)).toString('base64url') }),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port just released). */
export async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** Standard AWS configuration only: dummy credentials, no profile, no instance metadata. */
export function stubAwsTestEnv(): void {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'test');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'test');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
}
