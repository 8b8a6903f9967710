/**
 * The SDK's actions, viem-style: one function per act, `(client, parameters)`. Writes return the
 * ids they created, decoded from the receipt's events; reads return typed, decoded records.
 */
export * from "./read";
export * from "./write";
