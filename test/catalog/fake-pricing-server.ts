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

const regionNames: Record<string, { location: string; prefix: string }> = {
  'us-east-1': { location: 'US East (N. Virginia)', prefix: 'USE1' },
  'us-west-2': { location: 'US West (Oregon)', prefix: 'USW2' },
  'eu-west-1': { location: 'EU (Ireland)', prefix: 'EU' },
  'ap-south-1': { location: 'Asia Pacific (Mumbai)', prefix: 'APS3' },
};

/**
 * An Amazon Bedrock product in the Price List's shape (service code AmazonBedrock): one model, one
 * region, one direction, one per-1K-token price; override attributes or unit per case.
 */
export function bedrockItem({
  model,
  provider = 'Meta',
  region = 'us-east-1',
  inferenceType = 'Input tokens',
  feature = 'On-demand Inference',
  usagetypeKey = model.replace(/\s+/g, ''),
  usd,
  unit = '1K tokens',
  attributes = {},
  serviceCode = 'AmazonBedrock',
}: {
  model: string;
  provider?: string;
  region?: string;
  inferenceType?: string;
  feature?: string;
  /** The model part of the usage type, e.g. `Llama3-1-8B`. */
  usagetypeKey?: string;
  usd: string;
  unit?: string;
  attributes?: Record<string, string>;
  serviceCode?: string;
}): PriceItem {
  skuCounter += 1;
  const sku = `BR${String(skuCounter).padStart(14, '0')}`;
  const names = regionNames[region] ?? { location: region, prefix: region.toUpperCase() };
  const direction = /output/i.test(inferenceType) ? 'output' : 'input';
  const batch = /batch/i.test(`${feature} ${inferenceType}`) ? '-batch' : '';
  return {
    product: {
      productFamily: 'Amazon Bedrock',
      attributes: {
        regionCode: region,
        servicecode: serviceCode,
        servicename: 'Amazon Bedrock',
        location: names.location,
        locationType: 'AWS Region',
        usagetype: `${names.prefix}-${usagetypeKey}-${direction}-tokens${batch}`,
        operation: 'Usage',
        provider,
        model,
        feature,
        inferenceType,
        ...attributes,
      },
      sku,
    },
    serviceCode,
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: {
            [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
              unit,
              endRange: 'Inf',
              description: `$${usd} per ${unit} ${direction} for ${model} in ${names.location}`,
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
      },
    },
    version: '20260701000000',
    publicationDate: '2026-07-01T00:00:00Z',
  };
}

/** The input and output on-demand products of one model in one region. */
export function bedrockModel(
  model: string,
  inputPer1k: string,
  outputPer1k: string,
  options: Omit<Parameters<typeof bedrockItem>[0], 'model' | 'usd' | 'inferenceType'> = {},
): PriceItem[] {
  return [
    bedrockItem({ ...options, model, usd: inputPer1k, inferenceType: 'Input tokens' }),
    bedrockItem({ ...options, model, usd: outputPer1k, inferenceType: 'Output tokens' }),
  ];
}

/**
 * What the AmazonBedrock offer sells in us-east-1 and us-west-2 on the stand-in: preset models
 * (real 2025 per-1K prices), a model without a preset, published batch rows for one model, and every
 * kind of decoy the parser must skip.
 */
export function bedrockCatalogItems(): PriceItem[] {
  return [
    ...bedrockModel('Llama 3.1 8B Instruct', '0.00022', '0.00022', { usagetypeKey: 'Llama3-1-8B' }),
    ...bedrockModel('Llama 3.1 8B Instruct', '0.00022', '0.00022', {
      usagetypeKey: 'Llama3-1-8B',
      region: 'us-west-2',
    }),
    // The same model named without "Instruct", as other products of the offer do
    ...bedrockModel('Llama 3.1 70B', '0.00072', '0.00072', { usagetypeKey: 'Llama3-1-70B' }),
    ...bedrockModel('Mixtral 8x7B Instruct', '0.00045', '0.0007', {
      provider: 'Mistral',
      usagetypeKey: 'Mixtral-8x7B',
    }),
    // Published batch rows (half of on demand)
    bedrockItem({
      model: 'Mixtral 8x7B Instruct',
      provider: 'Mistral',
      feature: 'Batch Inference',
      inferenceType: 'Batch input tokens',
      usd: '0.000225',
    }),
    bedrockItem({
      model: 'Mixtral 8x7B Instruct',
      provider: 'Mistral',
      feature: 'Batch Inference',
      inferenceType: 'Batch output tokens',
      usd: '0.00035',
    }),
    ...bedrockModel('DeepSeek-V3.1', '0.00058', '0.00168', { provider: 'DeepSeek', region: 'us-west-2' }),
    // a newer product shape: priced per 1M tokens
    ...bedrockModel('Llama 3.2 3B Instruct', '0.15', '0.15', { unit: '1M tokens' }),
    // no preset: read, not mapped
    ...bedrockModel('Nova Micro', '0.000035', '0.00014', { provider: 'Amazon' }),
    // decoys: other products of the same models
    bedrockItem({ model: 'Llama 3.1 8B Instruct', inferenceType: 'Input tokens flex', usd: '0.00011' }),
    bedrockItem({
      model: 'Llama 3.1 8B Instruct',
      inferenceType: 'Input tokens priority',
      usd: '0.0004',
      attributes: { serviceTier: 'priority' },
    }),
    bedrockItem({
      model: 'Llama 3.1 70B',
      inferenceType: 'Input tokens latency optimized',
      usd: '0.0009',
    }),
    bedrockItem({
      model: 'Llama 3.1 8B Instruct',
      feature: 'Provisioned Throughput',
      inferenceType: 'Model units',
      usd: '0.0001',
      unit: 'Hrs',
    }),
    bedrockItem({
      model: 'Llama 3.1 8B Instruct',
      inferenceType: 'Prompt cache read input tokens',
      usd: '0.000022',
    }),
    bedrockItem({
      model: 'Llama 3.1 8B Instruct',
      inferenceType: 'Prompt cache write input tokens',
      usd: '0.00025',
    }),
    bedrockItem({
      model: 'Llama 3.1 8B Instruct',
      inferenceType: 'Cross-region global input tokens',
      usd: '0.0002',
    }),
    bedrockItem({
      model: 'Llama 3.1 8B Instruct',
      feature: 'Model Customization',
      inferenceType: 'Input tokens',
      usd: '0.0001',
    }),
    bedrockItem({ model: 'Llama 3.1 8B Instruct', inferenceType: 'Input tokens', usd: '0' }),
  ];
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
