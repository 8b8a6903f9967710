import type { DatarightsClient } from "../../src/sdk/client";
import { DatarightsError } from "../../src/sdk/errors";
import { deployClient, registryFixture } from "../fixtures";
import type { RegistryFixture } from "../fixtures";

/**
 * The registry fixture (test/fixtures.ts) on a fresh deployment, and the SDK client of that
 * deployment (the Admin's, through Hardhat's in-process provider) the read actions take.
 */
export async function clientFixture(): Promise<{ fixture: RegistryFixture; client: DatarightsClient }> {
  const client = await deployClient();
  return { fixture: await registryFixture(client.contracts), client };
}

/** The error `promise` rejected with, which must be a decoded DatarightsError. */
export async function rejection(promise: Promise<unknown>): Promise<DatarightsError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DatarightsError) return error;
    throw new Error(`expected a DatarightsError, got ${String(error)}`);
  }
  throw new Error("expected a rejection, but the promise resolved");
}
