import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The agents' web app; built into dist/web and served by the Node process.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': { target: 'http://localhost:3000', ws: true } } },
});
