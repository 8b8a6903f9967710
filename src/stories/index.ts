import { grantRole } from "../sdk/actions";
import type { DatarightsClient } from "../sdk/client";
import { CAST_ROLES, StoryContext, consoleStoryLog } from "./context";
import type { Actor, Cast, StoryLog } from "./context";
import { runStory1 } from "./story1";
import type { Story1Outcome } from "./story1";
import { runStory2 } from "./story2";
import type { Story2Outcome } from "./story2";
import { runStory3 } from "./story3";
import type { Story3Outcome } from "./story3";
import { runStory4 } from "./story4";
import type { Story4Outcome } from "./story4";
import { runStory5 } from "./story5";
import type { Story5Outcome } from "./story5";
import { runStory6 } from "./story6";
import type { Story6Outcome } from "./story6";
import { runStory7 } from "./story7";
import type { Story7Outcome } from "./story7";

export type { Actor, Cast, CastRole, StoryLog } from "./context";
export { CAST_NAMES, CAST_ROLES, StoryContext, consoleStoryLog } from "./context";
export type { DecodedRevert } from "../sdk/errors";
export { decodeRevert } from "../sdk/errors";
export { lineageTree } from "./lineage";
export type { Story1Outcome } from "./story1";
export type { Story2Outcome } from "./story2";
export type { Story3Outcome } from "./story3";
export type { Story4Outcome } from "./story4";
export type { AgencyDataset, Story5Outcome } from "./story5";
export type { Catch, PlantedProblemName, Story6Outcome } from "./story6";
export { AUDIT_DELAY_DAYS } from "./story6";
export type { Story7Outcome } from "./story7";

export interface RunStoriesParameters {
  /** A connection to the deployment the stories run on (any account: each act picks its sender). */
  client: DatarightsClient;
  /** At least as many signers as the cast has members; the first is the deployer and Admin. */
  signers: readonly Actor[];
  latestTimestamp: () => Promise<bigint>;
  /**
   * Moves the chain's clock `seconds` ahead and mines a block (Hardhat's and anvil's
   * `evm_increaseTime` + `evm_mine`): story 6 lets time pass so an assessment and an
   * accreditation lapse. Only a development chain offers this.
   */
  advanceTime: (seconds: bigint) => Promise<void>;
  /**
   * The exchange's documents folder (created when missing): every product the stories register
   * gets a description document stored there by hash, which the listener, the API and verify read.
   */
  documents: string;
  log?: StoryLog;
  /** The build story 7 deploys the new version from; the one EVM_VERSION picks by default. */
  artifactsDir?: string;
  /** Stop after story 6, on the first deployment (tests that move to a new version themselves). */
  skipStory7?: boolean;
}

export interface RunStoriesReturnType {
  context: StoryContext;
  story1: Story1Outcome;
  story2: Story2Outcome;
  story3: Story3Outcome;
  story4: Story4Outcome;
  story5: Story5Outcome;
  story6: Story6Outcome;
  /** The move to a new version: its deployment is the exchange's current one from then on. None with `skipStory7`. */
  story7?: Story7Outcome;
}

/**
 * Runs docs/domain.md's seven stories, in order, against freshly deployed contracts, narrating each
 * step. Later stories reuse the parties earlier ones accredited (the law firm, the standards
 * institute), and story 6 audits what stories 1–5 left on the chain.
 *
 * @example
 * await runStories({ client, signers: await ethers.getSigners(), latestTimestamp, advanceTime });
 */
export async function runStories(parameters: RunStoriesParameters): Promise<RunStoriesReturnType> {
  const { client, signers } = parameters;
  if (signers.length < CAST_ROLES.length) {
    throw new Error(`the stories need ${CAST_ROLES.length} accounts, the network offers ${signers.length}`);
  }
  const cast = Object.fromEntries(CAST_ROLES.map((role, index) => [role, signers[index]])) as Record<keyof Cast, Actor>;
  const log = parameters.log ?? consoleStoryLog();
  const context = new StoryContext(client, cast, log, parameters.latestTimestamp, parameters.advanceTime, parameters.documents);

  log.heading(`datarights on chain ${client.chainId}`);
  for (const name of ["ParticipantRegistry", "DataProductRegistry", "RightsCertificate", "AssessmentRegistry", "ListingBook", "TradeLedger"] as const) {
    log.detail(`${name.padEnd(21)}${client.deployment.contracts[name].address}`);
  }
  log.detail(`exchange code ${client.deployment.exchangeCode}: every registration number starts with it`);
  await grantRole(client.withAccount(cast.admin), { role: "registrar", account: cast.registrar.address });
  log.detail(`Registrar role granted to ${cast.registrar.address}`);

  const story1 = await runStory1(context);
  const story2 = await runStory2(context);
  const story3 = await runStory3(context);
  const story4 = await runStory4(context);
  const story5 = await runStory5(context);
  const story6 = await runStory6(context, { story1, story2, story3, story4, story5 });
  const story7 = parameters.skipStory7 ? undefined : await runStory7(context, { story5 }, { artifactsDir: parameters.artifactsDir });
  return { context, story1, story2, story3, story4, story5, story6, story7 };
}
