import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

// The agents' web app; built into dist/web and served by the Node process.
export default defineConfig({
  root: 'src/web',
  // Brotli and gzip copies next to each file; the server sends them as they are (no compression per request).
  plugins: [react(), compression({ algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip')], threshold: 1024 })],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': { target: 'http://localhost:3000', ws: true } } },
});
