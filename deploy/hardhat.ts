import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { bindContracts } from "../src/sdk/client";
import type { DatarightsContracts } from "../src/sdk/client";
import { deployDatarights } from "./deployer";

/**
 * Deploys datarights on Hardhat's in-process network with the production deployer (the same
 * code `datarights deploy` runs), from the build Hardhat is using — the instrumented one under
 * coverage — and returns the bindings, run by the first account, the Admin.
 */
export async function deployInProcess(hre: HardhatRuntimeEnvironment, exchangeCode = "SZDE"): Promise<DatarightsContracts> {
  const [admin] = await hre.ethers.getSigners();
  const { deployment } = await deployDatarights({
    signer: admin, network: hre.network.name, parameters: { exchangeCode }, artifactsDir: hre.config.paths.artifacts,
  });
  return bindContracts(deployment, admin);
}
