/**
 * Source-mapped stack traces for the bundled Lambda functions, with the source map read only when a
 * stack trace is first asked for.
 *
 * `node --enable-source-maps` reads and parses a bundle's linked source map while loading the bundle:
 * for the API function that is a 2 MB file, about a fifth of its cold start, paid by every cold start
 * to improve the rare stack trace. The bundles therefore ship their map beside them without linking
 * it (esbuild `sourcemap: 'external'`), and this module maps the frames of the bundle itself, through
 * `Error.prepareStackTrace`, the way Node does (same frame format, original file, line, column and
 * function name), loading the map on the first stack trace it formats.
 *
 * Where there is no map beside the running file (the TypeScript sources under tsx or vitest) nothing
 * is installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

type CallSite = NodeJS.CallSite & {
  getEnclosingLineNumber?: () => number | null;
  getEnclosingColumnNumber?: () => number | null;
};

interface Entry {
  originalSource?: string;
  originalLine?: number;
  originalColumn?: number;
  name?: string;
}

let installed = false;

/**
 * Maps stack frames of the bundle containing this module through `<bundle>.map`, loaded on first
 * use. Returns whether it was installed (false without a map, or when already installed).
 *
 * @example
 * mapStackTracesLazily(); // once, at cold start; later `error.stack` names lib/planner/plan.ts:120:9
 */
export function mapStackTracesLazily(bundleUrl: string = import.meta.url): boolean {
  if (installed) return false;
  const bundlePath = fileURLToPath(bundleUrl);
  const mapPath = `${bundlePath}.map`;
  if (!existsSync(mapPath)) return false;
  installed = true;

  let map: SourceMap | undefined;
  let mapFailed = false;
  const loadMap = () => {
    if (!map && !mapFailed) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8')));
      } catch {
        mapFailed = true; // keep the minified frames rather than fail while reporting an error
      }
    }
    return map;
  };
  const inBundle = (site: CallSite) => {
    const file = site.getFileName();
    return file === bundleUrl || file === bundlePath;
  };
  const entryAt = (line: Position, column: Position): Entry =>
    line && column ? ((loadMap()?.findEntry(line - 1, column - 1) ?? {}) as Entry) : {};
  let lines: string[] | undefined;
  const bundleLine = (line: number) => {
    lines ??= readFileSync(bundlePath, 'utf8').split('\n');
    return lines[line - 1] ?? '';
  };
  /** The original name of the function that starts at a position, from the identifier that names it. */
  const nameAt = (line: Position, column: Position) => {
    if (!line || !column) return undefined;
    const direct = entryAt(line, column).name;
    if (direct) return direct;
    // V8 puts a declaration's start at `function`, an arrow's at its parameters: find the identifier.
    const text = bundleLine(line);
    const declared = /^(?:async\s*)?function\*?\s*([\w$]+)/.exec(text.slice(column - 1));
    if (declared?.[1]) return entryAt(line, column + declared[0].length - declared[1].length).name;
    const assigned = /([\w$]+)\s*=\s*(?:async\s*)?$/.exec(text.slice(0, column - 1));
    if (assigned?.[1]) return entryAt(line, assigned.index + 1).name;
    return undefined;
  };

  Error.prepareStackTrace = (error, sites: CallSite[]) => {
    const header = errorHeader(error);
    try {
      const frames = sites.map((site, i) => {
        const text = site.toString();
        if (!inBundle(site)) return `    at ${text}`;
        const entry = entryAt(site.getLineNumber(), site.getColumnNumber());
        if (!entry.originalSource) return `    at ${text}`;
        const location = `${sourcePath(entry.originalSource, bundleUrl)}:${(entry.originalLine ?? 0) + 1}:${(entry.originalColumn ?? 0) + 1}`;
        const name =
          originalName(site, sites[i + 1], { entryAt, nameAt, inBundle }) ?? site.getFunctionName();
        return `    at ${frameText(site, name, location)}`;
      });
      return [header, ...frames].join('\n');
    } catch {
      return [header, ...sites.map((site) => `    at ${site.toString()}`)].join('\n');
    }
  };
  return true;
}

function errorHeader(error: unknown): string {
  try {
    return error instanceof Error ? Error.prototype.toString.call(error) : String(error);
  } catch {
    return '<error>';
  }
}

/** The map's `sources` are relative to the bundle; show them relative to the project, as written. */
function sourcePath(source: string, bundleUrl: string): string {
  if (source.startsWith('file:')) return fileURLToPath(source);
  try {
    return fileURLToPath(new URL(source, bundleUrl));
  } catch {
    return source;
  }
}

type Position = number | null | undefined;

/** The original function name: the symbol naming the enclosing function, else the caller's callee (as Node does). */
function originalName(
  site: CallSite,
  caller: CallSite | undefined,
  lookup: {
    entryAt: (line: Position, column: Position) => Entry;
    nameAt: (line: Position, column: Position) => string | undefined;
    inBundle: (site: CallSite) => boolean;
  },
): string | undefined {
  const enclosing = lookup.nameAt(site.getEnclosingLineNumber?.(), site.getEnclosingColumnNumber?.());
  if (enclosing) return enclosing;
  if (caller && lookup.inBundle(caller))
    return lookup.entryAt(caller.getLineNumber(), caller.getColumnNumber()).name;
  return undefined;
}

/** V8's frame text with the original name and location. */
function frameText(site: CallSite, name: string | null | undefined, location: string): string {
  const prefix = `${site.isAsync() ? 'async ' : ''}${site.isConstructor() ? 'new ' : ''}`;
  if (site.isToplevel() && !name) return `${prefix}${location}`;
  const type = site.isToplevel() || site.isConstructor() ? null : site.getTypeName();
  const method = site.getMethodName();
  const qualified = type && name && !name.startsWith(`${type}.`) ? `${type}.${name}` : (name ?? method);
  return `${prefix}${qualified ?? '<anonymous>'} (${location})`;
}
