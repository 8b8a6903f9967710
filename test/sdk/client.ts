import hre, { ethers } from "hardhat";
import { deployDatarights } from "../../deploy/deployer";
import { DatarightsClient, bindContracts } from "../../src/sdk/client";
import { DatarightsError } from "../../src/sdk/errors";
import { registryFixture } from "../fixtures";
import type { RegistryFixture } from "../fixtures";

/**
 * The registry fixture (test/fixtures.ts) on a deployment made here through the production
 * deployer, so its deployment record (addresses, deploy blocks) is at hand, and an SDK client
 * that reads it through Hardhat's in-process provider.
 */
export async function clientFixture(): Promise<{ fixture: RegistryFixture; client: DatarightsClient }> {
  const [admin] = await ethers.getSigners();
  const { deployment } = await deployDatarights({
    signer: admin, network: hre.network.name, parameters: { exchangeCode: "SZDE" }, artifactsDir: hre.config.paths.artifacts,
  });
  const fixture = await registryFixture(bindContracts(deployment, admin));
  const { chainId } = await ethers.provider.getNetwork();
  return { fixture, client: new DatarightsClient({ deployment, provider: ethers.provider, chainId }) };
}

/** The error `promise` rejected with, which must be a decoded DatarightsError. */
export async function rejection(promise: Promise<unknown>): Promise<DatarightsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DatarightsError) return error;
    throw new Error(`expected a DatarightsError, got ${String(error)}`);
  }
  throw new Error("expected a rejection, but the promise resolved");
}
