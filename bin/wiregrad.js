#!/usr/bin/env node
// Thin launcher for the bundled CLI (built by `npm run build`).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(cli)) {
  process.stderr.write('wiregrad: dist/cli.cjs is missing; run "npm run build" first\n');
  process.exit(1);
}
require(cli)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
