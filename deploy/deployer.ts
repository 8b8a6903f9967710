import { execFileSync } from "node:child_process";
import { ContractFactory, ZeroAddress, getAddress, keccak256 } from "ethers";
import type { TransactionReceipt } from "ethers";
import { z } from "zod";
import { grantRole, requirementKey, setRequirement } from "../src/sdk/actions";
import type { RequirementTarget, TransactionResult } from "../src/sdk/actions";
import { DatarightsClient } from "../src/sdk/client";
import type { Account } from "../src/sdk/client";
import { ASSESSMENT_KINDS, CLASSIFICATIONS, PRODUCT_TYPES, REQUIREMENT_SCOPES, SOURCE_CATEGORIES, assessmentKindsMask } from "../src/sdk/names";
import { CONTRACT_NAMES, readDeployment, requireDeployment, writeDeployment } from "../src/sdk/deployment";
import type { CompleteDeployment, ContractName, Deployment, MigratedContract } from "../src/sdk/deployment";
import { decodeError } from "../src/sdk/errors";
import { ROLES } from "../src/sdk/roles";
import { loadCompiledContract, projectRoot } from "./artifacts";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address");

/**
 * What a requirement's `value` means in each scope: an index into these, the contract's order.
 * The contract refuses any other value (AssessmentInvalidRequirement); the schema refuses it first.
 */
function scopeValues(scope: (typeof REQUIREMENT_SCOPES)[number]): readonly string[] {
  switch (scope) {
    case "Base":
      return ["every product"];
    case "PersonalInformation":
      return ["no personal information", "personal information"];
    case "SourceCategory":
      return SOURCE_CATEGORIES;
    case "Classification":
      return CLASSIFICATIONS;
    case "ProductType":
      return PRODUCT_TYPES;
  }
}

/** A requirement of the parameters, (scope, value index), as the setRequirement action names it. */
function requirementTarget(scope: (typeof REQUIREMENT_SCOPES)[number], value: number): RequirementTarget {
  switch (scope) {
    case "Base":
      return { scope };
    case "PersonalInformation":
      return { scope, value: value === 1 };
    case "SourceCategory":
      return { scope, value: SOURCE_CATEGORIES[value] };
    case "Classification":
      return { scope, value: CLASSIFICATIONS[value] };
    case "ProductType":
      return { scope, value: PRODUCT_TYPES[value] };
  }
}

/** `--parameters file.json`: what an exchange sets at deployment. Every field is optional. */
export const deployParametersSchema = z.strictObject({
  /** Prefix of every registration number, 2–8 upper-case letters. */
  exchangeCode: z.string().regex(/^[A-Z]{2,8}$/, "2–8 upper-case letters").default("SZDE"),
  registrars: z.array(address).default([]),
  arbiters: z.array(address).default([]),
  /** Holders of the emergency pause (PAUSER_ROLE) and of the regulator's role (REGULATOR_ROLE). */
  pausers: z.array(address).default([]),
  regulators: z.array(address).default([]),
  /**
   * Seconds a handover of the Admin role waits between its start and its acceptance (two steps,
   * AccessControlDefaultAdminRules). Two days unless set; 0 only on a throwaway chain.
   */
  adminDelaySeconds: z.number().int().min(0).max(2 ** 48 - 1).default(2 * 86_400),
  /**
   * The deployment file of the deployment this one succeeds (same exchange code). The new
   * deployment's epoch is the predecessor's plus one, its ids continue after the predecessor's, it
   * starts paused, and `datarights migrate` carries the predecessor's records over. None for an
   * exchange's first deployment.
   */
  predecessor: z.string().min(1).optional(),
  /**
   * Deploys the exchange's ExchangeTimelock (OpenZeppelin's TimelockController) beside the
   * contracts and records it in the deployment file (`timelock`): `minDelay` seconds a scheduled
   * change waits, `proposers` who schedule and cancel, `executors` who execute once due (the zero
   * address: anyone). The Admin role stays with the deployer: `datarights governance
   * transfer-admin <timelock>` hands it over (docs/operations.md). None unless set.
   */
  timelock: z
    .strictObject({
      minDelay: z.number().int().min(0).max(2 ** 48 - 1),
      proposers: z.array(address).min(1, "at least one proposer"),
      executors: z.array(address).min(1, "at least one executor (the zero address lets anyone execute)"),
    })
    .optional(),
  /** Assessment policy beyond the contract's defaults: kinds required of a scope's value. */
  requirements: z
    .array(
      z.strictObject({ scope: z.enum(REQUIREMENT_SCOPES), value: z.number().int().min(0).max(255), kinds: z.array(z.enum(ASSESSMENT_KINDS)) })
        .superRefine((requirement, context) => {
          const values = scopeValues(requirement.scope);
          if (requirement.value < values.length) return;
          const meanings = values.map((name, index) => `${index} ${name}`).join(", ");
          context.addIssue({ code: "custom", path: ["value"], message: `${requirement.scope} has no value ${requirement.value} (${meanings})` });
        }),
    )
    .default([]),
});
export type DeployParameters = z.infer<typeof deployParametersSchema>;

export interface DeployOptions {
  /** Deploys, and sends the wiring as the Admin (the deployer is the Admin of what it deploys). */
  signer: Account;
  /** Name of the deployment, as in `deployments/<network>.json`. */
  network: string;
  /** Where the deployment is recorded and resumed from; none for a throwaway chain (tests, `npm start`). */
  deploymentFile?: string;
  parameters?: Partial<DeployParameters>;
  /** The deployment this one succeeds; read from `parameters.predecessor`'s file when not given. */
  predecessor?: CompleteDeployment;
  /** The Hardhat build to deploy from; the one EVM_VERSION picks by default. */
  artifactsDir?: string;
  log?: (line: string) => void;
}

export interface DeployResult {
  deployment: CompleteDeployment;
  /** Contracts deployed and wiring transactions sent by this run; both empty on an idempotent rerun. */
  deployed: ContractName[];
  wired: string[];
  /** Set when this run deployed the ExchangeTimelock (the `timelock` parameter). */
  deployedTimelock?: true;
}

function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: projectRoot(), stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: projectRoot(), stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return "unknown";
  }
}

/**
 * Deploys datarights and wires it, or completes a deployment begun before: every contract and
 * every wiring step already on chain is skipped, so rerunning deploys nothing. The file is
 * rewritten after each step, so a crash loses at most the step in flight.
 */
export async function deployDatarights(options: DeployOptions): Promise<DeployResult> {
  const { signer, network, deploymentFile } = options;
  const log = options.log ?? (() => undefined);
  const parameters = deployParametersSchema.parse(options.parameters ?? {});
  const provider = signer.provider;
  if (!provider) throw new Error("the deployer's signer has no provider");
  const chainId = Number((await provider.getNetwork()).chainId);
  const deployer = getAddress(await signer.getAddress());

  const predecessor = options.predecessor ?? (parameters.predecessor === undefined ? undefined : requireDeployment(parameters.predecessor));
  if (predecessor && (predecessor.chainId !== chainId || predecessor.exchangeCode !== parameters.exchangeCode)) {
    throw new Error(
      `the predecessor deployment is exchange ${predecessor.exchangeCode} on chain ${predecessor.chainId}, ` +
        `not exchange ${parameters.exchangeCode} on chain ${chainId}`,
    );
  }
  const existing = deploymentFile === undefined ? undefined : readDeployment(deploymentFile);
  if (existing && existing.chainId !== chainId) {
    throw new Error(`chain id mismatch: ${deploymentFile} is for chain ${existing.chainId}, the RPC is chain ${chainId}`);
  }
  if (existing && existing.exchangeCode !== parameters.exchangeCode && options.parameters?.exchangeCode !== undefined) {
    throw new Error(`${deploymentFile} was deployed with exchange code ${existing.exchangeCode}, not ${parameters.exchangeCode}`);
  }
  const compiled = Object.fromEntries(CONTRACT_NAMES.map((name) => [name, loadCompiledContract(name, options.artifactsDir)])) as Record<
    ContractName, ReturnType<typeof loadCompiledContract>
  >;
  const deployment: Deployment = existing ?? {
    network,
    chainId,
    deployer,
    exchangeCode: parameters.exchangeCode,
    gitCommit: gitCommit(),
    compiler: compiled.ParticipantRegistry.compiler,
    contracts: {},
    steps: {},
    ...(predecessor ? { predecessor } : {}),
    updatedAt: new Date().toISOString(),
  };
  const save = () => {
    deployment.updatedAt = new Date().toISOString();
    if (deploymentFile !== undefined) writeDeployment(deploymentFile, deployment);
  };
  const deployed: ContractName[] = [];
  const wired: string[] = [];
  let deployedTimelock = false;

  const addressOf = (name: ContractName): string => {
    const entry = deployment.contracts[name];
    if (!entry) throw new Error(`${name} is not deployed yet`);
    return entry.address;
  };
  const deployContract = async (name: ContractName, args: unknown[]): Promise<void> => {
    const recorded = deployment.contracts[name];
    if (recorded) {
      if ((await provider.getCode(recorded.address)) === "0x") {
        throw new Error(
          `${deploymentFile} lists ${name} at ${recorded.address} but chain ${chainId} has no code there (a reset chain?): ` +
            "remove the file or choose another NETWORK",
        );
      }
      log(`  ${name.padEnd(20)} ${recorded.address} (already deployed)`);
      return;
    }
    const factory = new ContractFactory(compiled[name].abi, compiled[name].bytecode, signer);
    const request = await factory.getDeployTransaction(...args);
    let receipt: TransactionReceipt | null;
    try {
      const contract = await factory.deploy(...args);
      receipt = await contract.deploymentTransaction()!.wait();
    } catch (error) {
      throw decodeError(error, `deploying ${name}`);
    }
    if (!receipt?.contractAddress) throw new Error(`deploying ${name}: no contract address in the receipt`);
    deployment.contracts[name] = {
      address: getAddress(receipt.contractAddress),
      deployBlock: receipt.blockNumber,
      transactionHash: receipt.hash,
      initCodeHash: keccak256(request.data!),
    };
    deployed.push(name);
    save();
    log(`  ${name.padEnd(20)} ${receipt.contractAddress} (block ${receipt.blockNumber})`);
  };
  /** The ExchangeTimelock, once: recorded beside the contracts, skipped when the file lists it. */
  const deployTimelock = async (timelock: NonNullable<DeployParameters["timelock"]>): Promise<void> => {
    const recorded = deployment.timelock;
    if (recorded) {
      if ((await provider.getCode(recorded.address)) === "0x") {
        throw new Error(`${deploymentFile} lists ExchangeTimelock at ${recorded.address} but chain ${chainId} has no code there: remove the file or choose another NETWORK`);
      }
      log(`  ${"ExchangeTimelock".padEnd(20)} ${recorded.address} (already deployed)`);
      return;
    }
    const compiledTimelock = loadCompiledContract("ExchangeTimelock", options.artifactsDir);
    const args = [timelock.minDelay, timelock.proposers.map((account) => getAddress(account)), timelock.executors.map((account) => getAddress(account))];
    const factory = new ContractFactory(compiledTimelock.abi, compiledTimelock.bytecode, signer);
    const request = await factory.getDeployTransaction(...args);
    let receipt: TransactionReceipt | null;
    try {
      receipt = await (await factory.deploy(...args)).deploymentTransaction()!.wait();
    } catch (error) {
      throw decodeError(error, "deploying ExchangeTimelock");
    }
    if (!receipt?.contractAddress) throw new Error("deploying ExchangeTimelock: no contract address in the receipt");
    deployment.timelock = {
      address: getAddress(receipt.contractAddress),
      deployBlock: receipt.blockNumber,
      transactionHash: receipt.hash,
      initCodeHash: keccak256(request.data!),
    };
    deployedTimelock = true;
    save();
    log(`  ${"ExchangeTimelock".padEnd(20)} ${receipt.contractAddress} (block ${receipt.blockNumber}, delay ${timelock.minDelay} s)`);
  };
  const wire = async (step: string, isDone: () => Promise<boolean>, act: () => Promise<{ transaction: TransactionResult }>) => {
    if (await isDone()) return;
    const { transaction } = await act();
    deployment.steps[step] = { transactionHash: transaction.transactionHash, block: transaction.blockNumber };
    wired.push(step);
    save();
    log(`  ${step}`);
  };

  log(`deploying datarights to chain ${chainId} as ${deployer}`);
  // A rerun that finishes a successor's deployment finds its predecessor in the file.
  const predecessorContracts = (predecessor ?? existing?.predecessor)?.contracts;
  const previous = (name: MigratedContract): string => predecessorContracts?.[name]?.address ?? ZeroAddress;
  await deployContract("ParticipantRegistry", [deployer, parameters.exchangeCode, parameters.adminDelaySeconds, previous("ParticipantRegistry")]);
  await deployContract("DataProductRegistry", [addressOf("ParticipantRegistry"), previous("DataProductRegistry")]);
  await deployContract("CertificateRenderer", []);
  await deployContract("RightsCertificate", [
    addressOf("ParticipantRegistry"), addressOf("DataProductRegistry"), addressOf("CertificateRenderer"), previous("RightsCertificate"),
  ]);
  await deployContract("AssessmentRegistry", [addressOf("ParticipantRegistry"), addressOf("DataProductRegistry"), previous("AssessmentRegistry")]);
  await deployContract("ListingBook", [addressOf("ParticipantRegistry"), addressOf("DataProductRegistry"), previous("ListingBook")]);
  await deployContract("TradeLedger", [
    addressOf("ParticipantRegistry"), addressOf("DataProductRegistry"), addressOf("RightsCertificate"),
    addressOf("AssessmentRegistry"), addressOf("ListingBook"), previous("TradeLedger"),
  ]);
  if (parameters.timelock) await deployTimelock(parameters.timelock);

  // The wiring goes through the SDK, as the Admin: a client on the deployment just completed.
  // Its bindings answer the reads that tell a step already done.
  const admin = new DatarightsClient({ deployment: deployment as CompleteDeployment, provider, chainId: BigInt(chainId), account: signer });
  const { participants, products, assessments } = admin.contracts;
  await wire(
    "linkModules",
    async () => (await products.certificates()) !== "0x0000000000000000000000000000000000000000",
    // No action links the modules: a deployment's one-time act, sent the way every action sends.
    async () => ({
      transaction: transactionResult(
        await admin.send("linkModules", () => products.linkModules(addressOf("RightsCertificate"), addressOf("AssessmentRegistry"))),
      ),
    }),
  );
  // The listing book and the trade ledger act on the registry through MARKET_ROLE.
  const grants: [string, "market" | "registrar" | "arbiter" | "pauser" | "regulator", string][] = [
    ["MARKET_ROLE", "market", addressOf("ListingBook")],
    ["MARKET_ROLE", "market", addressOf("TradeLedger")],
    ...parameters.registrars.map((account): [string, "registrar", string] => ["REGISTRAR_ROLE", "registrar", getAddress(account)]),
    ...parameters.arbiters.map((account): [string, "arbiter", string] => ["ARBITER_ROLE", "arbiter", getAddress(account)]),
    ...parameters.pausers.map((account): [string, "pauser", string] => ["PAUSER_ROLE", "pauser", getAddress(account)]),
    ...parameters.regulators.map((account): [string, "regulator", string] => ["REGULATOR_ROLE", "regulator", getAddress(account)]),
  ];
  for (const [roleName, role, account] of grants) {
    await wire(`grant ${roleName} to ${account}`, () => participants.hasRole(ROLES[role], account), () => grantRole(admin, { role, account }));
  }
  for (const requirement of parameters.requirements) {
    const target = requirementTarget(requirement.scope, requirement.value);
    const { scope, value } = requirementKey(target);
    await wire(
      `require ${requirement.kinds.join("+") || "nothing"} of ${requirement.scope} ${requirement.value}`,
      async () => Number(await assessments.requirement(scope, value)) === assessmentKindsMask(requirement.kinds),
      () => setRequirement(admin, { target, kinds: requirement.kinds }),
    );
  }
  save();
  if (deployed.length + wired.length === 0 && !deployedTimelock) log("nothing to do: the deployment is complete");
  else if (deploymentFile !== undefined) log(`deployment written to ${deploymentFile}`);
  return { deployment: deployment as CompleteDeployment, deployed, wired, ...(deployedTimelock ? { deployedTimelock: true as const } : {}) };
}

/** What an action reports of its transaction, for the one wiring step that has no action. */
function transactionResult(receipt: TransactionReceipt): TransactionResult {
  return { transactionHash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}
