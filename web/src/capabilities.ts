/**
 * What the API behind the page accepts, read from its OpenAPI document, so the form offers only
 * what the API takes: fields added to the contract appear as the API gains them.
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export interface Capabilities {
  owned: boolean;
  activeHours: boolean;
  /** constraints.maxHourlyUsd and constraints.purchaseOption. */
  constraints: boolean;
  kinds: Set<string>;
}

function resolve(doc: Json, schema: unknown): Json | undefined {
  if (!isRecord(schema)) return undefined;
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const name = ref.split('/').pop() ?? '';
    const components =
      isRecord(doc.components) && isRecord(doc.components.schemas) ? doc.components.schemas : {};
    return resolve(doc, components[name]);
  }
  return schema;
}

/** The object variants of a schema (itself, or its anyOf / oneOf members). */
function variants(doc: Json, schema: unknown): Json[] {
  const s = resolve(doc, schema);
  if (!s) return [];
  const members = [s.anyOf, s.oneOf, s.allOf].find(Array.isArray) as unknown[] | undefined;
  return members ? members.flatMap((m) => variants(doc, m)) : [s];
}

const properties = (s: Json): Json => (isRecord(s.properties) ? s.properties : {});

export function capabilitiesOf(doc: Json): Capabilities {
  const components =
    isRecord(doc.components) && isRecord(doc.components.schemas) ? doc.components.schemas : {};
  const request = variants(doc, components.PlanRequest)[0] ?? {};
  const workloads = variants(doc, properties(request).workload);
  const kinds = new Set<string>();
  let activeHours = false;
  for (const w of workloads) {
    const kind = resolve(doc, properties(w).kind);
    const value = kind?.const ?? (Array.isArray(kind?.enum) ? kind.enum[0] : undefined);
    if (typeof value === 'string') kinds.add(value);
    for (const traffic of variants(doc, properties(w).traffic)) {
      if ('activeHoursPerDay' in properties(traffic)) activeHours = true;
    }
  }
  const constraints = variants(doc, properties(request).constraints)[0] ?? {};
  return {
    owned: 'owned' in properties(request),
    activeHours,
    constraints: 'maxHourlyUsd' in properties(constraints) && 'purchaseOption' in properties(constraints),
    kinds,
  };
}
