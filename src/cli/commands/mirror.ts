import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { examples } from "../help";
import { lazy } from "../lazy";
import { parseCount, parseHttpUrl, parsePort } from "../parse";

export function registerMirror(program: CommandUnknownOpts): void {
  program
    .command("listen")
    .description("mirror every event of the deployment into the database (PGlite in .data/mirror/<network>, or DATABASE_URL) and follow new blocks until Ctrl-C")
    .option("--serve", "also serve the HTTP API from this process (the embedded database admits one process)")
    .option("--host <host>", "with --serve: address to listen on (env API_HOST, default 127.0.0.1)")
    .option("--port <port>", "with --serve: port (env API_PORT, default 3000)", parsePort)
    .option("--confirmations <n>", "blocks to stay behind the head (env CONFIRMATIONS, default 0: QBFT blocks are final)", parseCount)
    .option("--documents <dir>", "folder of product description documents by hash, read before their metadata URIs and served at /documents (env DOCUMENTS_DIR, default .data/documents/<network>)")
    .addHelpText("after", examples("listen", "listen --serve --port 3000", "listen --documents /srv/exchange/documents"))
    .action(lazy(async () => (await import("../actions/mirror/listen")).listen));

  program
    .command("serve")
    .description("serve the read-only HTTP API over the mirror until Ctrl-C (with the embedded database, run `listen --serve` instead while listening)")
    .option("--host <host>", "address to listen on (env API_HOST, default 127.0.0.1)")
    .option("--port <port>", "port (env API_PORT, default 3000)", parsePort)
    .option("--documents <dir>", "folder of product description documents served at /documents/:hash (env DOCUMENTS_DIR, default .data/documents/<network>)")
    .addHelpText("after", examples("serve --port 3000", "serve --documents /srv/exchange/documents"))
    .action(lazy(async () => (await import("../actions/mirror/serve")).serve));

  program
    .command("audit-mirror")
    .description("compare the mirror with the chain, entity by entity and each certificate's validity, at the mirror's checkpoint block (exit 0 equal, 1 a divergence, 2 error)")
    .option("--sample <n>", "compare at most n of each kind, chosen at random (default: all)", parseCount)
    .option("--api <url>", "ask a running `listen --serve` or `serve` to audit its own mirror (GET /audit) instead of opening the database", parseHttpUrl)
    .addHelpText("after", examples("audit-mirror", "audit-mirror --sample 100", "audit-mirror --api http://127.0.0.1:3000"))
    .action(lazy(async () => (await import("../actions/mirror/audit")).audit));
}
