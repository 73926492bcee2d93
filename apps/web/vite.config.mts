import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Served by the API under /app (same origin). No inline scripts: helmet's CSP stays strict for scripts.
export default defineConfig({
  root,
  base: '/app/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // Mantine marks modules "use client" for React Server Components; meaningless in this SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/v1': 'http://localhost:3000', '/careers': 'http://localhost:3000', '/feeds': 'http://localhost:3000' } },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.tsx'],
    css: false,
  },
});
