import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { nodePolyfills } from 'vite-plugin-node-polyfills';

const root = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root,
  base: './',
  plugins: [
    react(),
    // simple-peer expects Node's Buffer, process and events in the browser.
    nodePolyfills({ include: ['buffer', 'process', 'events', 'stream', 'util'], globals: { Buffer: true, process: true, global: true } }),
  ],
  build: {
    outDir: process.env.MESHWORK_DIST ? path.resolve(process.env.MESHWORK_DIST, 'renderer') : path.resolve(root, '../app/dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // Keep every asset a file: inline data: scripts or styles would need a weaker CSP.
    assetsInlineLimit: 0,
  },
});
