import { ZeroAddress } from "ethers";
import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decoded } from "./internal";
import type { ReadParameters } from "./internal";

export type GetGovernanceParameters = ReadParameters;

export interface GetGovernanceReturnType {
  exchangeCode: string;
  /** 1 for an exchange's first deployment, the predecessor's plus one after: part of every registration number. */
  epoch: number;
  /** The registries of the deployments before and after this one; null when none. */
  predecessor: string | null;
  successor: string | null;
  /** The one holder of the Admin role (null while none: renounced). */
  admin: string | null;
  /** Seconds between the start of a handover of the Admin role and its acceptance. */
  adminDelay: bigint;
  /** A handover in progress: the account that may accept, and from when (Unix seconds). */
  pendingAdmin: { account: string; effectiveAt: bigint } | null;
  /** A change of the admin delay in progress, and when it takes effect. */
  pendingAdminDelay: { delay: bigint; effectiveAt: bigint } | null;
  /** The emergency pause of each contract that has one. */
  paused: { products: boolean; certificates: boolean; trades: boolean };
  /**
   * The contracts sealed after the move to the successor (every act reverts, reads go on), by SDK
   * name; the registry is sealed by naming the successor. Empty for a current deployment.
   */
  sealed: string[];
}

/** Every contract of a deployment, as the seal covers them. */
const SEALABLE = ["participants", "products", "certificates", "assessments", "listings", "trades"] as const;

export type GetGovernanceErrorType = DatarightsError;

const orNull = (address: string): string | null => (address === ZeroAddress ? null : address);

/**
 * The deployment's governance at one block: its epoch and neighbours, the Admin and any handover
 * in progress (visible before it takes effect), and the emergency pauses.
 *
 * @example
 * const { epoch, pendingAdmin, paused } = await getGovernance(client);
 */
export async function getGovernance(client: DatarightsClient, parameters: GetGovernanceParameters = {}): Promise<GetGovernanceReturnType> {
  const { participants, products, certificates, trades } = client.contracts;
  const at = { blockTag: parameters.blockNumber ?? "latest" };
  const [[exchangeCode, epoch, predecessor, successor, admin, adminDelay, pendingAdmin, pendingDelay, productsPaused, certificatesPaused, tradesPaused], sealedFlags] =
    await decoded("getGovernance", Promise.all([Promise.all([
      participants.exchangeCode(at), participants.epoch(at), participants.predecessor(at), participants.successor(at), participants.defaultAdmin(at),
      participants.defaultAdminDelay(at), participants.pendingDefaultAdmin(at), participants.pendingDefaultAdminDelay(at),
      products.paused(at), certificates.paused(at), trades.paused(at),
    ]), Promise.all(SEALABLE.map((key) => client.contracts[key].isSealed(at)))]));
  return {
    exchangeCode,
    epoch: Number(epoch),
    predecessor: orNull(predecessor),
    successor: orNull(successor),
    admin: orNull(admin),
    adminDelay,
    pendingAdmin: pendingAdmin.schedule === 0n ? null : { account: pendingAdmin.newAdmin, effectiveAt: pendingAdmin.schedule },
    pendingAdminDelay: pendingDelay.schedule === 0n ? null : { delay: pendingDelay.newDelay, effectiveAt: pendingDelay.schedule },
    paused: { products: productsPaused, certificates: certificatesPaused, trades: tradesPaused },
    sealed: SEALABLE.filter((_key, index) => sealedFlags[index]),
  };
}
