import { REGISTRAR_ROLE } from "./roles";
import { CAST_ROLES, StoryContext, consoleStoryLog } from "./context";
import type { Actor, Cast, DatarightsContracts, StoryLog } from "./context";
import { runStory1 } from "./story1";

export type { Actor, Cast, DatarightsContracts, StoryLog } from "./context";
export { StoryContext, consoleStoryLog } from "./context";

export interface RunStoriesParameters {
  contracts: DatarightsContracts;
  /** At least as many signers as the cast has members; the first is the deployer and Admin. */
  signers: readonly Actor[];
  chainId: bigint;
  latestTimestamp: () => Promise<bigint>;
  log?: StoryLog;
}

/**
 * Runs DOMAIN.md's stories against deployed contracts, narrating each step.
 *
 * @example
 * await runStories({ contracts, signers: await ethers.getSigners(), chainId: 31337n, latestTimestamp });
 */
export async function runStories(parameters: RunStoriesParameters): Promise<StoryContext> {
  const { contracts, signers } = parameters;
  if (signers.length < CAST_ROLES.length) {
    throw new Error(`the stories need ${CAST_ROLES.length} accounts, the network offers ${signers.length}`);
  }
  const cast = Object.fromEntries(CAST_ROLES.map((role, index) => [role, signers[index]])) as unknown as Cast;
  const log = parameters.log ?? consoleStoryLog();
  const context = new StoryContext(contracts, cast, log, parameters.latestTimestamp, parameters.chainId);

  log.heading(`datarights on chain ${parameters.chainId}`);
  log.detail(`ParticipantRegistry  ${await contracts.participants.getAddress()}`);
  log.detail(`DataProductRegistry  ${await contracts.products.getAddress()}`);
  log.detail(`RightsCertificate    ${await contracts.certificates.getAddress()}`);
  log.detail(`AssessmentRegistry   ${await contracts.assessments.getAddress()}`);
  await (await contracts.participants.connect(cast.admin).grantRole(REGISTRAR_ROLE, cast.registrar.address)).wait();
  log.detail(`Registrar role granted to ${cast.registrar.address}`);

  await runStory1(context);
  return context;
}
