/**
 * `npm start`: deploys datarights to the in-process Hardhat network through the production
 * Ignition module and runs the stories of DOMAIN.md, printing what happened.
 */
import { ethers, ignition } from "hardhat";
import DatarightsModule from "../deploy/modules/Datarights";
import { runStories } from "../src/stories";

async function main(): Promise<void> {
  const deployed = await ignition.deploy(DatarightsModule);
  const signers = await ethers.getSigners();
  const network = await ethers.provider.getNetwork();
  await runStories({
    contracts: {
      participants: await ethers.getContractAt("ParticipantRegistry", await deployed.participants.getAddress()),
      products: await ethers.getContractAt("DataProductRegistry", await deployed.products.getAddress()),
      certificates: await ethers.getContractAt("RightsCertificate", await deployed.certificates.getAddress()),
      assessments: await ethers.getContractAt("AssessmentRegistry", await deployed.assessments.getAddress()),
      listings: await ethers.getContractAt("ListingBook", await deployed.listings.getAddress()),
      trades: await ethers.getContractAt("TradeLedger", await deployed.trades.getAddress()),
    },
    signers,
    chainId: network.chainId,
    latestTimestamp: async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp),
  });
}

main().catch((error: unknown) => {
  console.error(`datarights: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
