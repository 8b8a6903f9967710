import type {
  ContractRunner, ContractTransactionResponse, JsonRpcProvider, LogDescription, TransactionReceipt, Wallet,
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
import { requireDeployment } from "./deployment";
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

/** The typed bindings of a deployment's contracts, run by `runner` (a provider or a signer). */
export function bindContracts(deployment: Pick<CompleteDeployment, "contracts">, runner: ContractRunner): DatarightsContracts {
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

/**
 * A connection to a datarights deployment: the provider, checked to be on the deployment's
 * chain, the bindings (connected to the operator's wallet when one is loaded) and `send`,
 * which waits for a transaction and turns a revert into the contract's decoded custom error.
 */
export class DatarightsClient {
  private constructor(
    readonly provider: JsonRpcProvider,
    readonly chainId: bigint,
    readonly deployment: CompleteDeployment,
    readonly contracts: DatarightsContracts,
    private readonly wallet: Wallet | undefined,
  ) {}

  static async connect(config: ChainConfig, options: ConnectOptions = {}): Promise<DatarightsClient> {
    const deployment = requireDeployment(config.deploymentFile);
    if (config.expectedChainId !== undefined && config.expectedChainId !== BigInt(deployment.chainId)) {
      throw new Error(`chain id mismatch: CHAIN_ID is ${config.expectedChainId}, ${config.deploymentFile} is for chain ${deployment.chainId}`);
    }
    const { provider, chainId } = await connectProvider(
      config.rpcUrl, { chainId: BigInt(deployment.chainId), source: config.deploymentFile }, options.counter,
    );
    const wallet = options.signer ? await loadWallet(config.key, provider, config.gasPrice) : undefined;
    return new DatarightsClient(provider, chainId, deployment, bindContracts(deployment, wallet ?? provider), wallet);
  }

  /** The operator's wallet; throws when the command was connected without one. */
  get signer(): Wallet {
    if (!this.wallet) throw new Error("no signing key: set PRIVATE_KEY, or KEYSTORE_PATH and KEYSTORE_PASSWORD");
    return this.wallet;
  }

  /** Sends, waits for one confirmation, and decodes a revert into one readable line. */
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
  events(receipt: TransactionReceipt, contract: keyof DatarightsContracts, name: string): LogDescription[] {
    const binding = this.contracts[contract];
    const address = this.deployment.contracts[CONTRACT_OF[contract]].address.toLowerCase();
    return receipt.logs
      .filter((log) => log.address.toLowerCase() === address)
      .map((log) => binding.interface.parseLog(log))
      .filter((parsed): parsed is LogDescription => parsed !== null && parsed.name === name);
  }

  destroy(): void {
    this.provider.destroy();
  }
}

const CONTRACT_OF = {
  participants: "ParticipantRegistry",
  products: "DataProductRegistry",
  certificates: "RightsCertificate",
  assessments: "AssessmentRegistry",
  listings: "ListingBook",
  trades: "TradeLedger",
} as const;
