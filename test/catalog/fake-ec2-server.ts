/**
 * A local stand-in for the EC2 API's `DescribeSpotPriceHistory`, speaking its wire protocol (the EC2
 * query protocol): POST / with a form-encoded body (`Action`, `Version`, `InstanceType.N`,
 * `ProductDescription.N`, `StartTime`, `EndTime`, `MaxResults`, `NextToken`) and an XML answer
 * (`<DescribeSpotPriceHistoryResponse>` with `<spotPriceHistorySet>` items and `<nextToken>`), or an
 * EC2 error document (`<Response><Errors><Error><Code>...`).
 *
 * Like the real API it filters by instance type and product description, returns the records in the
 * window plus the price in effect at its start, newest first, and pages with `NextToken`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SpotRecord {
  AvailabilityZone: string;
  InstanceType: string;
  ProductDescription: string;
  SpotPrice: string;
  /** ISO timestamp. */
  Timestamp: string;
}

export interface RecordedEc2Request {
  action: string | undefined;
  version: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  params: Record<string, string>;
}

export interface FakeEc2ServerOptions {
  records: readonly SpotRecord[];
  /** Records per page (the stand-in honours MaxResults only when smaller). */
  pageSize?: number;
  /** Answer the first N requests with RequestLimitExceeded (HTTP 503), as EC2 throttles. */
  throttleFirst?: number;
  /** Answer every request with this EC2 error (code, HTTP status). */
  error?: { code: string; message: string; status: number };
  /** Accept requests and never answer. */
  hang?: boolean;
}

export interface FakeEc2Server {
  url: string;
  requests: RecordedEc2Request[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `Name.1=a&Name.2=b` → ['a', 'b']. */
function listParam(params: Record<string, string>, name: string): string[] {
  return Object.entries(params)
    .filter(([key]) => new RegExp(`^${name}\\.\\d+$`).test(key))
    .sort(([a], [b]) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map(([, value]) => value);
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function sendXml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendXml(
    res,
    status,
    `<Response><Errors><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>fake-request-id</RequestID></Response>`,
  );
}

/** The records a real EC2 would answer: matching filters, in the window or in effect at its start. */
function select(records: readonly SpotRecord[], params: Record<string, string>): SpotRecord[] {
  const types = listParam(params, 'InstanceType');
  const products = listParam(params, 'ProductDescription');
  const start = params.StartTime ? Date.parse(params.StartTime) : Number.NEGATIVE_INFINITY;
  const end = params.EndTime ? Date.parse(params.EndTime) : Number.POSITIVE_INFINITY;
  const matching = records
    .filter((r) => types.length === 0 || types.includes(r.InstanceType))
    .filter((r) => products.length === 0 || products.includes(r.ProductDescription))
    .filter((r) => Date.parse(r.Timestamp) <= end)
    .sort((a, b) => Date.parse(b.Timestamp) - Date.parse(a.Timestamp));
  const inWindow = matching.filter((r) => Date.parse(r.Timestamp) >= start);
  // The price in effect at the start of the window: the newest earlier record per type and zone.
  const atStart = new Map<string, SpotRecord>();
  for (const r of matching) {
    const key = `${r.InstanceType} ${r.AvailabilityZone} ${r.ProductDescription}`;
    if (Date.parse(r.Timestamp) < start && !atStart.has(key)) atStart.set(key, r);
  }
  return [...inWindow, ...atStart.values()];
}

const itemXml = (r: SpotRecord) =>
  `<item><availabilityZone>${r.AvailabilityZone}</availabilityZone><instanceType>${r.InstanceType}</instanceType><productDescription>${escapeXml(r.ProductDescription)}</productDescription><spotPrice>${r.SpotPrice}</spotPrice><timestamp>${new Date(r.Timestamp).toISOString()}</timestamp></item>`;

/** Starts the stand-in on 127.0.0.1 with a random port. */
export async function startFakeEc2Server({
  records,
  pageSize = 100,
  throttleFirst = 0,
  error,
  hang = false,
}: FakeEc2ServerOptions): Promise<FakeEc2Server> {
  const requests: RecordedEc2Request[] = [];
  const server = createServer(async (req, res) => {
    const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
    requests.push({
      action: params.Action,
      version: params.Version,
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      params,
    });
    if (hang) return;
    if (req.method !== 'POST' || params.Action !== 'DescribeSpotPriceHistory') {
      sendError(res, 400, 'InvalidAction', `The action ${params.Action} is not valid for this web service.`);
      return;
    }
    if (requests.length <= throttleFirst) {
      sendError(res, 503, 'RequestLimitExceeded', 'Request limit exceeded.');
      return;
    }
    if (error) {
      sendError(res, error.status, error.code, error.message);
      return;
    }
    const selected = select(records, params);
    const limit = Math.min(pageSize, Number(params.MaxResults ?? 1000));
    const start = params.NextToken ? Number(Buffer.from(params.NextToken, 'base64url').toString()) : 0;
    const end = start + limit;
    const next =
      end < selected.length ? `<nextToken>${Buffer.from(String(end)).toString('base64url')}</nextToken>` : '';
    sendXml(
      res,
      200,
      `<DescribeSpotPriceHistoryResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake-request-id</requestId><spotPriceHistorySet>${selected
        .slice(start, end)
        .map(itemXml)
        .join('')}</spotPriceHistorySet>${next}</DescribeSpotPriceHistoryResponse>`,
    );
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

/** Spot records for a type: one per zone at each of the given hours before `now`. */
export function spotHistory(
  instanceType: string,
  prices: Readonly<Record<string, readonly (readonly [hoursAgo: number, usd: string])[]>>,
  now: number,
  productDescription = 'Linux/UNIX',
): SpotRecord[] {
  return Object.entries(prices).flatMap(([zone, points]) =>
    points.map(([hoursAgo, usd]) => ({
      AvailabilityZone: zone,
      InstanceType: instanceType,
      ProductDescription: productDescription,
      SpotPrice: usd,
      Timestamp: new Date(now - hoursAgo * 3_600_000).toISOString(),
    })),
  );
}
