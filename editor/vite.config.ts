/** Vite config for the editor: root editor/, build to editor/dist; the dev server proxies /api and /ws to the API server. */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));
const api = `http://127.0.0.1:${process.env.UNCLIP_API_PORT ?? '8787'}`;

/** The API server accepts same-origin requests only: present proxied requests as coming from itself. */
const asSameOrigin = {
  target: api,
  changeOrigin: true,
  configure(proxy: {
    on(event: string, fn: (req: { setHeader(k: string, v: string): void }) => void): void;
  }) {
    proxy.on('proxyReq', (req) => req.setHeader('origin', api));
    proxy.on('proxyReqWs', (req) => req.setHeader('origin', api));
  },
};

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Example input images stay files: the editor fetches and uploads them, and the CSP refuses data: fetches.
    assetsInlineLimit: (file: string) => (file.includes('/examples/inputs/') ? false : undefined),
  },
  server: {
    fs: { allow: [repo] },
    proxy: {
      '/api': asSameOrigin,
      '/ws': { ...asSameOrigin, ws: true },
    },
  },
});
