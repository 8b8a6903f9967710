/**
 * `npm start`: deploys datarights to the in-process Hardhat network with the production deployer
 * and runs the stories of DOMAIN.md, printing what happened.
 */
import hre, { ethers } from "hardhat";
import { deployInProcess } from "../deploy/hardhat";
import { runStories } from "../src/stories";

async function main(): Promise<void> {
  const contracts = await deployInProcess(hre);
  const signers = await ethers.getSigners();
  const network = await ethers.provider.getNetwork();
  await runStories({
    contracts,
    signers,
    chainId: network.chainId,
    latestTimestamp: async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp),
    // Story 6 lets time pass on the in-process chain.
    advanceTime: async (seconds) => {
      await ethers.provider.send("evm_increaseTime", [Number(seconds)]);
      await ethers.provider.send("evm_mine", []);
    },
  });
}

main().catch((error: unknown) => {
  console.error(`datarights: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
