/**
 * `npm run build` (also run by `npm pack` / `npm publish` through `prepack`): the package's JavaScript
 * and type declarations in `dist/`, compiled by TypeScript from the three entry points a consumer
 * uses (the typed client, the embeddable API app, and the CLI with the in-process planner behind it).
 * Only what those import is emitted, so nothing of `infra/` or the Lambda handlers is published.
 *
 * It then checks that the emitted JavaScript imports nothing but Node built-ins, its own files and
 * the package's `dependencies`: a deployment-only package imported by mistake fails the build here
 * rather than in a consumer's `node_modules`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { projectRoot } from './node-bundle.js';

/** Where `tsconfig.build.json` writes (its `outDir`, mirroring the source tree). */
const emitted = ['dist/lib', 'dist/functions'];

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The package a bare specifier names: `hono/client` → `hono`, `@scope/name/x` → `@scope/name`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Bare specifiers of static and dynamic imports that are neither built-ins nor declared dependencies. */
function undeclaredImports(files: readonly string[], allowedPackages: readonly string[]): string[] {
  const allowed = new Set([...allowedPackages, ...builtinModules]);
  const found = new Set<string>();
  const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
  for (const file of files) {
    for (const [, specifier = ''] of readFileSync(file, 'utf8').matchAll(importPattern)) {
      if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
      if (!allowed.has(packageOf(specifier)))
        found.add(`${packageOf(specifier)} (${relative(projectRoot, file)})`);
    }
  }
  return [...found];
}

function main(): void {
  for (const dir of emitted) rmSync(join(projectRoot, dir), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: projectRoot, stdio: 'inherit' },
  );
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
  };
  const files = emitted.flatMap((dir) => jsFiles(join(projectRoot, dir)));
  const undeclared = undeclaredImports(files, [
    manifest.name, // the package may import itself through its exports
    ...Object.keys(manifest.dependencies ?? {}),
  ]);
  if (undeclared.length > 0) {
    console.error(
      `The built package imports packages that are not in package.json dependencies:\n  ${undeclared.join('\n  ')}`,
    );
    process.exit(1);
  }
  console.log(`Built ${files.length} modules with type declarations into dist/`);
}

main();
