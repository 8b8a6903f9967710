import { ZeroAddress, getAddress } from "ethers";
import { CONTRACT_OF } from "../client";
import type { ContractKey, DatarightsClient } from "../client";
import type { VerifyContext } from "./context";
import type { Check } from "./report";

const RECORD_CONTRACTS: readonly Exclude<ContractKey, "participants">[] = ["products", "certificates", "assessments", "listings", "trades"];

/**
 * The epochs group, for a deployment that succeeds others: a deployment file's claim that it
 * carries on an older one is checked against the chain, not trusted. Each older registry names
 * the next as its successor (its Admin's act, which made its records final), each newer one names
 * the older as its predecessor, at the next epoch, and every contract of the newer names the same
 * contract of the older as the one it carried its records from; and every contract of the older
 * is sealed, so nothing there changes after the move. None for an exchange's first. And
 * a deployment that has been succeeded fails `epoch.successor`: it is no longer the record.
 */
export async function checkEpochs(context: VerifyContext): Promise<Check[]> {
  const epochs = context.client.epochs();
  const checks: Check[] = [];
  for (let index = 1; index < epochs.length; index += 1) {
    checks.push(await checkLink(context, epochs[index - 1], epochs[index]));
  }
  // A deployment that has been succeeded is no longer the record: its contracts still answer its
  // reads, sealed against any act. Say so, and where its records went.
  const { participants } = context.client.contracts;
  const successor = await context.read(participants.successor({ blockTag: context.blockNumber }));
  if (successor !== ZeroAddress) {
    const epoch = await context.read(participants.epoch({ blockTag: context.blockNumber }));
    checks.push({
      id: "epoch.successor",
      passed: false,
      detail: `this deployment (epoch ${epoch}) was succeeded by registry ${successor} (epoch ${epoch + 1n}): its records moved there, so verify against that deployment`,
    });
  }
  return checks;
}

async function checkLink(context: VerifyContext, older: DatarightsClient, newer: DatarightsClient): Promise<Check> {
  const at = { blockTag: context.blockNumber };
  const [olderEpoch, newerEpoch, successor, predecessor, carriedFrom, sealed] = await Promise.all([
    context.read(older.contracts.participants.epoch(at)),
    context.read(newer.contracts.participants.epoch(at)),
    context.read(older.contracts.participants.successor(at)),
    context.read(newer.contracts.participants.predecessor(at)),
    Promise.all(RECORD_CONTRACTS.map((key) => context.read(newer.contracts[key].predecessor(at)))),
    Promise.all(RECORD_CONTRACTS.map((key) => context.read(older.contracts[key].isSealed(at)))),
  ]);
  const id = `epoch.${newerEpoch}`;
  const olderRegistry = getAddress(older.deployment.contracts.ParticipantRegistry.address);
  const newerRegistry = getAddress(newer.deployment.contracts.ParticipantRegistry.address);
  const problems: string[] = [];
  if (successor === ZeroAddress) problems.push(`epoch ${olderEpoch}'s registry ${olderRegistry} names no successor`);
  else if (getAddress(successor) !== newerRegistry) problems.push(`epoch ${olderEpoch}'s registry names ${successor} its successor, not ${newerRegistry}`);
  if (getAddress(predecessor) !== olderRegistry) problems.push(`the registry ${newerRegistry} names ${predecessor} its predecessor, not ${olderRegistry}`);
  if (newerEpoch !== olderEpoch + 1n) problems.push(`epoch ${newerEpoch} does not follow epoch ${olderEpoch}`);
  RECORD_CONTRACTS.forEach((key, index) => {
    const expected = getAddress(older.deployment.contracts[CONTRACT_OF[key]].address);
    if (getAddress(carriedFrom[index]) !== expected) problems.push(`${CONTRACT_OF[key]} carries records from ${carriedFrom[index]}, not ${expected}`);
  });
  const unsealed = RECORD_CONTRACTS.filter((_key, index) => !sealed[index]).map((key) => CONTRACT_OF[key]);
  if (unsealed.length > 0) problems.push(`epoch ${olderEpoch}'s ${unsealed.join(", ")} ${unsealed.length === 1 ? "is" : "are"} not sealed: records there could still change after the move`);
  return {
    id,
    passed: problems.length === 0,
    detail: problems.length === 0
      ? `epoch ${newerEpoch} (registry ${newerRegistry}) succeeds epoch ${olderEpoch} (registry ${olderRegistry}), linked both ways on-chain, every contract carrying its predecessor's records, which are sealed`
      : problems.join("; "),
  };
}
