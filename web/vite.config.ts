import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app lives in web/; the form modules (forms/) and the API contract (contract/) it shares
// with the server live at the repository root.
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const formsDir = fileURLToPath(new URL('../forms', import.meta.url));
const contractDir = fileURLToPath(new URL('../contract', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@forms': formsDir, '@contract': contractDir },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Citizen pages are public and used on phones: keep an eye on this number.
    chunkSizeWarningLimit: 400,
    rolldownOptions: {
      treeshake: {
        // Designsystemet's React package does not declare `sideEffects`, so importing one component
        // from its index would keep all of them (floating-ui, virtualisation, combobox, ...).
        // Its modules only define components; the few that need the web components import
        // @digdir/designsystemet-web themselves, and that package keeps its side effects.
        moduleSideEffects: [{ test: /[\\/]@digdir[\\/]designsystemet-react[\\/]/, sideEffects: false }],
      },
    },
  },
  server: {
    port: 5173,
    strictPort: false,
    fs: { allow: [repoRoot] },
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
