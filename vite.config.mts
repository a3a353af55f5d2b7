import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

// The renderer is a static bundle: Electron loads it from file:// (hence base './'),
// `wiregrad serve` serves the same files over HTTP.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // The renderer imports core/ (pure TS) and bundled templates from assets/.
    fs: { allow: [here] },
  },
});
