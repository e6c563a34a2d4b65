import { defineConfig } from 'vite';

// Served by Charter at /portal: hashed assets under /portal/assets, nothing fetched from elsewhere.
export default defineConfig({
  root: import.meta.dirname,
  base: '/portal/',
  // JSX is compiled by Vite's own transformer (automatic runtime); no React plugin is needed to build.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/portal',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Inlined assets would become data: URLs; keep every asset a file the CSP allows as 'self'.
    assetsInlineLimit: 0,
    rolldownOptions: {
      // react-router marks its modules "use client" for server frameworks; meaningless in this bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
