import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { InterfaceAbi } from "ethers";
import type { ContractName } from "../src/sdk/deployment";

export interface CompiledContract {
  abi: InterfaceAbi;
  bytecode: string;
  compiler: { version: string; evmVersion: string; optimizer: { enabled: boolean; runs: number } };
}

/** The project root: the nearest folder above this file holding package.json (works from dist/ too). */
export function projectRoot(from = __dirname): string {
  let folder = resolve(from);
  while (!existsSync(join(folder, "package.json")) || !existsSync(join(folder, "contracts"))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error("cannot find the datarights project root (package.json next to contracts/)");
    folder = parent;
  }
  return folder;
}

interface BuildInfo {
  solcLongVersion: string;
  input: { settings: { evmVersion: string; optimizer: { enabled: boolean; runs: number } } };
}

// A build-info file holds every source and output of a compilation (megabytes): parse each once.
const buildInfos = new Map<string, BuildInfo>();
function readBuildInfo(file: string): BuildInfo {
  let info = buildInfos.get(file);
  if (!info) {
    info = JSON.parse(readFileSync(file, "utf8")) as BuildInfo;
    buildInfos.set(file, info);
  }
  return info;
}

/** The build EVM_VERSION picks (artifacts/ for cancun, artifacts-london/ for london), as in hardhat.config.ts. */
export function defaultArtifactsDir(evmVersion = process.env.EVM_VERSION ?? "cancun"): string {
  return join(projectRoot(), evmVersion === "cancun" ? "artifacts" : `artifacts-${evmVersion}`);
}

/**
 * A contract as Hardhat compiled it into `artifactsDir`, with the exact compiler settings of its
 * build. Inside Hardhat, pass `hre.config.paths.artifacts` (coverage builds elsewhere).
 */
export function loadCompiledContract(name: ContractName | "ExchangeTimelock", artifactsDir = defaultArtifactsDir()): CompiledContract {
  // The timelock's source sits in contracts/governance/; the deployment's contracts at the top.
  const source = name === "ExchangeTimelock" ? join("governance", `${name}.sol`) : `${name}.sol`;
  const artifactFile = join(artifactsDir, "contracts", source, `${name}.json`);
  if (!existsSync(artifactFile)) throw new Error(`no compiled ${name} in ${artifactsDir}: run \`npm run build\` first`);
  const artifact = JSON.parse(readFileSync(artifactFile, "utf8")) as { abi: InterfaceAbi; bytecode: string };
  const debug = JSON.parse(readFileSync(artifactFile.replace(/\.json$/, ".dbg.json"), "utf8")) as { buildInfo: string };
  const buildInfo = readBuildInfo(resolve(dirname(artifactFile), debug.buildInfo));
  return {
    abi: artifact.abi,
    bytecode: artifact.bytecode,
    compiler: {
      version: buildInfo.solcLongVersion,
      evmVersion: buildInfo.input.settings.evmVersion,
      optimizer: { enabled: buildInfo.input.settings.optimizer.enabled, runs: buildInfo.input.settings.optimizer.runs },
    },
  };
}
