/** Standalone entry for web mode (`tsx core/api/server/main.ts`), used before the CLI bundle exists. */
import { runServe } from './serve';

runServe(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
