import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync } from "fastify";

/**
 * The web app (`npm run build` writes it to dist/web/): index.html at `/` (never cached: it names
 * the current bundle) and its content-hashed files under `/assets/` (cached for a year). The app
 * routes with the URL's hash, so no API route is shadowed. Without a build, `/` says so.
 */

export interface WebRoutesOptions {
  /** The built app's folder (default: dist/web of the project). */
  root?: string;
}

/** The project folder: the nearest one above this file holding package.json. */
function projectFolder(): string {
  let folder = __dirname;
  while (!existsSync(join(folder, "package.json"))) {
    const parent = dirname(folder);
    if (parent === folder) return process.cwd();
    folder = parent;
  }
  return folder;
}

export const defaultWebRoot = (): string => join(projectFolder(), "dist", "web");

export const webRoutes: FastifyPluginAsync<WebRoutesOptions> = async (app, options) => {
  const root = options.root ?? defaultWebRoot();
  if (!existsSync(join(root, "index.html"))) {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply.code(404).type("text/plain; charset=utf-8").send(`the web app is not built (no ${join(root, "index.html")}): run \`npm run build\`\n`));
    return;
  }
  // One route per file found at start (no wildcard): a name the app does not have falls through to the API's 404.
  await app.register(fastifyStatic, {
    root, prefix: "/", wildcard: false, index: ["index.html"], cacheControl: false,
    setHeaders(response, path) {
      const hashed = path.startsWith(join(root, "assets"));
      response.setHeader("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
};
