import { defineConfig } from 'vite';

// The website chat widget: one self-contained IIFE (CSS inlined as a string and injected into a
// Shadow DOM root), served by the server at /widget.js and embedded on customers' sites.
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2019',
    cssCodeSplit: false,
    lib: {
      entry: 'src/widget/main.ts',
      formats: ['iife'],
      name: 'TantamWidget',
      fileName: () => 'widget.js',
    },
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
