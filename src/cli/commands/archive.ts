import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { examples } from "../help";
import { lazy } from "../lazy";
import { parseCount, parsePositiveCount } from "../parse";

export function registerArchive(program: CommandUnknownOpts): void {
  const archive = program
    .command("archive")
    .description("keep the deployment's raw logs and block headers in files that outlive the chain's nodes: export, verify, rebuild the mirror from them");
  archive
    .command("export")
    .description("write every block header and log of the deployment, from its first block, into <folder> (JSON lines in segments, a manifest with SHA-256s); extends the folder's archive of the same deployment")
    .argument("<folder>", "an empty or new folder, or one holding this deployment's archive")
    .option("--to <block>", "last block to archive (default: the head less the confirmations)", parseCount)
    .option("--confirmations <n>", "blocks to stay behind the head (env CONFIRMATIONS, default 0)", parseCount)
    .option("--segment-blocks <n>", "most blocks per segment file (default 10000)", parsePositiveCount)
    .addHelpText("after", examples("archive export /srv/archive/registry", "archive export /srv/archive/registry --confirmations 12"))
    .action(lazy(async () => (await import("../actions/archive")).exportCommand));
  archive
    .command("verify")
    .description("check the archive's checksums and continuity, then compare it with the chain at RPC_URL: the first and last blocks, every block with logs, every log (exit 0 equal, 1 a problem, 2 error)")
    .argument("<folder>", "the archive's folder")
    .option("--offline", "check the archive on its own, without a node")
    .option("--every-block", "compare every block's header with the node's, not only the first, the last and those with logs")
    .addHelpText("after", examples("archive verify /srv/archive/registry", "archive verify /srv/archive/registry --offline"))
    .action(lazy(async () => (await import("../actions/archive")).verifyCommand));
  archive
    .command("rebuild")
    .description("rebuild the mirror (MIRROR_DIR or DATABASE_URL) from the archive alone, with no node: the listener runs on the archive's files")
    .argument("<folder>", "the archive's folder")
    .option("--documents <dir>", "folder of product description documents by hash, the only place documents are read from (env DOCUMENTS_DIR, default .data/documents/<network>)")
    .addHelpText("after", examples("archive rebuild /srv/archive/registry", "archive rebuild /srv/archive/registry --documents /srv/exchange/documents"))
    .action(lazy(async () => (await import("../actions/archive")).rebuildCommand));
}
