/**
 * Shared pieces of the adversarial suite: the standard ABIs an outsider would use, a decoder of
 * revert data built from the compiled ABIs (read at run time, so a recompiled contract is
 * decoded as it now is), and helpers to assert an exact custom error.
 */
import hre, { ethers } from "hardhat";
import { expect } from "chai";
import { Interface } from "ethers";
import type { ErrorDescription, Fragment, InterfaceAbi } from "ethers";

/** The six contracts of a deployment, by artifact name and by fixture binding name. */
export const CONTRACTS = {
  ParticipantRegistry: "participants",
  DataProductRegistry: "products",
  RightsCertificate: "certificates",
  AssessmentRegistry: "assessments",
  ListingBook: "listings",
  TradeLedger: "trades",
} as const;
export type ContractName = keyof typeof CONTRACTS;
export const CONTRACT_NAMES = Object.keys(CONTRACTS) as ContractName[];

/** ERC-721 (with the Metadata extension), ERC-165 and ERC-5192, written by hand as an outsider would. */
export const ERC721_ABI = [
  "function balanceOf(address owner) view returns (uint256)",
  "function ownerOf(uint256 tokenId) view returns (address)",
  "function safeTransferFrom(address from, address to, uint256 tokenId, bytes data)",
  "function safeTransferFrom(address from, address to, uint256 tokenId)",
  "function transferFrom(address from, address to, uint256 tokenId)",
  "function approve(address to, uint256 tokenId)",
  "function setApprovalForAll(address operator, bool approved)",
  "function getApproved(uint256 tokenId) view returns (address)",
  "function isApprovedForAll(address owner, address operator) view returns (bool)",
  "event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)",
];
export const ERC721_METADATA_ABI = [
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function tokenURI(uint256 tokenId) view returns (string)",
];
export const ERC165_ABI = ["function supportsInterface(bytes4 interfaceId) view returns (bool)"];
export const ERC5192_ABI = [
  "function locked(uint256 tokenId) view returns (bool)",
  "event Locked(uint256 tokenId)",
  "event Unlocked(uint256 tokenId)",
];
export const SOULBOUND_ABI = [...ERC721_ABI, ...ERC721_METADATA_ABI, ...ERC165_ABI, ...ERC5192_ABI];

/** ERC-165 interface id of a set of function fragments: the XOR of their selectors. */
export function interfaceIdOf(abi: string[]): string {
  let id = 0n;
  new Interface(abi).forEachFunction((fn) => {
    id ^= BigInt(fn.selector);
  });
  return ethers.toBeHex(id, 4);
}

/** Compiled ABI of one contract, read from Hardhat's artifacts now (not from typechain). */
export function abiOf(name: string): InterfaceAbi {
  return hre.artifacts.readArtifactSync(name).abi as InterfaceAbi;
}

let decoder: Interface | undefined;
/** Every error (and event) of the six contracts and their libraries, deduplicated by signature. */
export function errorDecoder(): Interface {
  if (decoder) return decoder;
  const seen = new Map<string, Fragment>();
  for (const name of CONTRACT_NAMES) {
    for (const fragment of new Interface(abiOf(name)).fragments) {
      if (fragment.type !== "error") continue;
      seen.set(fragment.format("sighash"), fragment);
    }
  }
  decoder = new Interface([...seen.values()]);
  return decoder;
}

/** The revert data carried by an error thrown by ethers / Hardhat, wherever it is nested. */
export function revertDataOf(error: unknown): string | undefined {
  const queue: unknown[] = [error];
  const visited = new Set<unknown>();
  while (queue.length) {
    const next = queue.shift();
    if (!next || typeof next !== "object" || visited.has(next)) continue;
    visited.add(next);
    const record = next as Record<string, unknown>;
    if (typeof record.data === "string" && /^0x[0-9a-fA-F]*$/.test(record.data)) return record.data;
    for (const key of ["error", "info", "cause", "data", "revert"]) queue.push(record[key]);
  }
  return undefined;
}

/** Resolves to what a call threw, or fails the test when it did not throw. */
export async function reverted(promise: Promise<unknown>, label: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.fail(`${label}: expected a revert, but the call succeeded`);
}

/** The decoded custom error of a revert (undefined for a reason-less or unknown revert). */
export function decodeRevert(error: unknown): ErrorDescription | undefined {
  const data = revertDataOf(error);
  if (!data || data.length < 10) return undefined;
  return errorDecoder().parseError(data) ?? undefined;
}

/**
 * Asserts `promise` reverts with the custom error `name`, and, when given, with `args`
 * (compared as strings, addresses case-insensitively).
 */
export async function expectCustomError(
  promise: Promise<unknown>,
  name: string,
  args?: unknown[],
  label = name,
): Promise<ErrorDescription> {
  const error = await reverted(promise, label);
  const decoded = decodeRevert(error);
  expect(decoded, `${label}: revert data did not decode to a known custom error: ${String(error)}`).to.not.equal(undefined);
  const description = decoded as ErrorDescription;
  expect(description.name, `${label}: wrong custom error`).to.equal(name);
  if (args) {
    const actual = [...description.args].map((value) => String(value).toLowerCase());
    expect(actual, `${label}: wrong arguments of ${name}`).to.deep.equal(args.map((value) => String(value).toLowerCase()));
  }
  return description;
}

/** A signature with s replaced by n - s and v flipped: the same signer, the high-s (malleable) form. */
export function malleate(signature: string): string {
  const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const parsed = ethers.Signature.from(signature);
  const highS = SECP256K1_N - BigInt(parsed.s);
  const v = parsed.v === 27 ? 28 : 27;
  return ethers.concat([parsed.r, ethers.toBeHex(highS, 32), ethers.toBeHex(v, 1)]);
}
