import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { DatarightsClient } from "../src/sdk/client";
import type { DatarightsContracts } from "../src/sdk/client";
import { deployDatarights } from "./deployer";
import type { DeployParameters } from "./deployer";

/**
 * Deploys datarights on Hardhat's in-process network with the production deployer (the same
 * code `datarights deploy` runs), from the build Hardhat is using — the instrumented one under
 * coverage — and returns a client whose account is the first signer, the Admin. `exchange` is the
 * exchange code, or the deployment's parameters.
 */
export async function deployClientInProcess(
  hre: HardhatRuntimeEnvironment, exchange: string | Partial<DeployParameters> = "SZDE",
): Promise<DatarightsClient> {
  const [admin] = await hre.ethers.getSigners();
  const parameters = typeof exchange === "string" ? { exchangeCode: exchange } : exchange;
  const { deployment } = await deployDatarights({ signer: admin, network: hre.network.name, parameters, artifactsDir: hre.config.paths.artifacts });
  const { chainId } = await hre.ethers.provider.getNetwork();
  return new DatarightsClient({ deployment, provider: hre.ethers.provider, chainId, account: admin });
}

/** The bindings of a fresh in-process deployment, run by the Admin: for the contracts' own unit tests. */
export async function deployInProcess(hre: HardhatRuntimeEnvironment, exchangeCode = "SZDE"): Promise<DatarightsContracts> {
  return (await deployClientInProcess(hre, exchangeCode)).contracts;
}
