#!/usr/bin/env node
// The `planner` command. Installed from the package, it runs the built JavaScript (dist/) with plain
// Node. In a checkout of the repository, where the TypeScript sources sit beside this file, it runs
// the sources through tsx (a development dependency), so a change needs no build to be tried.
import { existsSync } from 'node:fs';

const source = new URL('../functions/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/functions/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
