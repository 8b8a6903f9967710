import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The portal and control room (web/), built by `npm run build` into dist/web/, which the API
 * serves at `/` and `/assets/*`. Relative asset paths; everything bundled (no CDN): the app works
 * with no internet. The lineage graph (cytoscape) and the charts (uPlot) are dynamic imports, so
 * the catalogue loads neither; the manifest (dist/web/.vite/manifest.json) lets
 * test/web/bundle.test.ts sum what the catalogue route loads.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 1_000,
  },
});
