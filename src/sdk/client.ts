import type {
  ContractRunner, ContractTransactionResponse, LogDescription, Provider, Signer, TransactionReceipt,
} from "ethers";
import {
  AssessmentRegistry__factory, DataProductRegistry__factory, ListingBook__factory, ParticipantRegistry__factory,
  RightsCertificate__factory, TradeLedger__factory,
} from "../../typechain-types";
import type {
  AssessmentRegistry, DataProductRegistry, ListingBook, ParticipantRegistry, RightsCertificate, TradeLedger,
} from "../../typechain-types";
import { connectProvider, loadWallet } from "./chain";
import type { RpcCounter } from "./chain";
import type { ChainConfig } from "./config";
import { completeDeployment, requireDeployment } from "./deployment";
import type { CompleteDeployment } from "./deployment";
import { decodeError } from "./errors";

/** The six contracts an exchange talks to, as typed TypeChain bindings. */
export interface DatarightsContracts {
  participants: ParticipantRegistry;
  products: DataProductRegistry;
  certificates: RightsCertificate;
  assessments: AssessmentRegistry;
  listings: ListingBook;
  trades: TradeLedger;
}

export type ContractKey = keyof DatarightsContracts;

/** A signer with its address at hand, as ethers wallets and Hardhat's signers both are. */
export type Account = Signer & { readonly address: string };

/** Where a deployment's contracts are: what a client needs of the deployment file. */
export type DeploymentAddresses = Pick<CompleteDeployment, "contracts">;

/** The typed bindings of a deployment's contracts, run by `runner` (a provider or a signer). */
export function bindContracts(deployment: DeploymentAddresses, runner: ContractRunner): DatarightsContracts {
  const { contracts } = deployment;
  return {
    participants: ParticipantRegistry__factory.connect(contracts.ParticipantRegistry.address, runner),
    products: DataProductRegistry__factory.connect(contracts.DataProductRegistry.address, runner),
    certificates: RightsCertificate__factory.connect(contracts.RightsCertificate.address, runner),
    assessments: AssessmentRegistry__factory.connect(contracts.AssessmentRegistry.address, runner),
    listings: ListingBook__factory.connect(contracts.ListingBook.address, runner),
    trades: TradeLedger__factory.connect(contracts.TradeLedger.address, runner),
  };
}

export interface ConnectOptions {
  /** Load the signing key (PRIVATE_KEY or keystore): every command that sends a transaction. */
  signer?: boolean;
  /** Counts RPC traffic, for benches. */
  counter?: RpcCounter;
}

export interface ClientParameters {
  deployment: CompleteDeployment;
  provider: Provider;
  chainId: bigint;
  /** The account the write actions send from; reads need none. */
  account?: Account;
  /** The node's HTTP endpoint, when there is one: bulk reads then go out as raw JSON-RPC batches. */
  rpcUrl?: string;
  /** Counts the raw batches' traffic (benches). */
  counter?: RpcCounter;
  /** Called by `destroy` (the provider of `connect` is ours to close; one handed to us is not). */
  onDestroy?: () => void;
}

/**
 * A connection to a datarights deployment, and what every action takes as its first argument:
 * the provider (checked to be on the deployment's chain), the deployment's addresses, and the
 * account write actions send from. `withAccount` gives the same connection another sender, as
 * the stories and tests need for their cast.
 *
 * @example
 * const client = await DatarightsClient.connect(loadChainConfig(process.env), { signer: true });
 * const { productId } = await registerProduct(client, { ... });
 */
export class DatarightsClient {
  readonly provider: Provider;
  readonly chainId: bigint;
  readonly deployment: CompleteDeployment;
  readonly rpcUrl: string | undefined;
  readonly counter: RpcCounter | undefined;
  /** The bindings, run by the account when there is one, else by the provider. Only `src/sdk` uses them. */
  readonly contracts: DatarightsContracts;
  private readonly account: Account | undefined;
  private readonly onDestroy: (() => void) | undefined;

  constructor(parameters: ClientParameters) {
    this.provider = parameters.provider;
    this.chainId = parameters.chainId;
    this.deployment = parameters.deployment;
    this.rpcUrl = parameters.rpcUrl;
    this.counter = parameters.counter;
    this.account = parameters.account;
    this.onDestroy = parameters.onDestroy;
    this.contracts = bindContracts(parameters.deployment, parameters.account ?? parameters.provider);
  }

  /** Connects to the chain and deployment of `config`; `signer` loads the operator's key. */
  static async connect(config: ChainConfig, options: ConnectOptions = {}): Promise<DatarightsClient> {
    const deployment = requireDeployment(config.deploymentFile);
    if (config.expectedChainId !== undefined && config.expectedChainId !== BigInt(deployment.chainId)) {
      throw new Error(`chain id mismatch: CHAIN_ID is ${config.expectedChainId}, ${config.deploymentFile} is for chain ${deployment.chainId}`);
    }
    const { provider, chainId } = await connectProvider(
      config.rpcUrl, { chainId: BigInt(deployment.chainId), source: config.deploymentFile }, options.counter,
    );
    const account = options.signer ? await loadWallet(config.key, provider, config.gasPrice) : undefined;
    return new DatarightsClient({
      deployment, provider, chainId, account, rpcUrl: config.rpcUrl, counter: options.counter, onDestroy: () => provider.destroy(),
    });
  }

  /** The same connection, sending from `account`. */
  withAccount(account: Account): DatarightsClient {
    return new DatarightsClient({
      deployment: this.deployment, provider: this.provider, chainId: this.chainId, account, rpcUrl: this.rpcUrl, counter: this.counter,
    });
  }

  /** The same node and account, on another deployment of the same chain (a successor just deployed). */
  forDeployment(deployment: CompleteDeployment): DatarightsClient {
    if (BigInt(deployment.chainId) !== this.chainId) throw new Error(`deployment ${deployment.network} is for chain ${deployment.chainId}, not ${this.chainId}`);
    return new DatarightsClient({
      deployment, provider: this.provider, chainId: this.chainId, account: this.account, rpcUrl: this.rpcUrl, counter: this.counter,
    });
  }

  /**
   * A connection to the deployment this one succeeds, read from this deployment's file (which
   * embeds it), on the same node; undefined for an exchange's first deployment.
   */
  predecessor(): DatarightsClient | undefined {
    const previous = this.deployment.predecessor;
    if (!previous) return undefined;
    return this.forDeployment(completeDeployment(previous, `the predecessor of ${this.deployment.network}`));
  }

  /** Every deployment of the exchange up to this one, oldest first: one history across epochs. */
  epochs(): DatarightsClient[] {
    const previous = this.predecessor();
    return previous ? [...previous.epochs(), this] : [this];
  }

  /** The account write actions send from; throws when the client was made without one. */
  get signer(): Account {
    if (!this.account) throw new Error("no signing key: set PRIVATE_KEY, or KEYSTORE_PATH and KEYSTORE_PASSWORD");
    return this.account;
  }

  /** The contract address of `contract`. */
  address(contract: ContractKey): string {
    return this.deployment.contracts[CONTRACT_OF[contract]].address;
  }

  /** Sends, waits for one confirmation, and decodes a revert into the contract's named error. */
  async send(action: string, sending: () => Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
    let receipt: TransactionReceipt | null;
    try {
      receipt = await (await sending()).wait();
    } catch (error) {
      throw decodeError(error, action);
    }
    if (!receipt) throw new Error(`${action}: the transaction was dropped`);
    return receipt;
  }

  /** The events named `name` that `contract` emitted in `receipt`. */
  events(receipt: TransactionReceipt, contract: ContractKey, name: string): LogDescription[] {
    const binding = this.contracts[contract];
    const address = this.address(contract).toLowerCase();
    return receipt.logs
      .filter((log) => log.address.toLowerCase() === address)
      .map((log) => binding.interface.parseLog(log))
      .filter((parsed): parsed is LogDescription => parsed !== null && parsed.name === name);
  }

  destroy(): void {
    this.onDestroy?.();
  }
}

/** The deployment file's name of each binding. */
export const CONTRACT_OF = {
  participants: "ParticipantRegistry",
  products: "DataProductRegistry",
  certificates: "RightsCertificate",
  assessments: "AssessmentRegistry",
  listings: "ListingBook",
  trades: "TradeLedger",
} as const;
