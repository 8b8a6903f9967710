import type { DatarightsClient } from "../../../sdk/client";
import { prepareRegistration } from "../../../sdk/manifest";
import { action, transactionData } from "../../context";
import type { Outcome } from "../../context";
import { requireProduct } from "../lookups";

interface RegisterOptions {
  manifest: string;
  file?: string;
}

async function registerProduct(client: DatarightsClient, manifestPath: string, file: string | undefined, previous?: bigint): Promise<Outcome> {
  const prepared = await prepareRegistration(manifestPath, file);
  if (previous !== undefined) await requireProduct(client, previous);
  const { products } = client.contracts;
  const receipt = await client.send("register", () =>
    previous === undefined ? products.register(prepared.registration) : products.registerVersion(previous, prepared.registration));
  const [registered] = client.events(receipt, "products", "ProductRegistered");
  const productId = registered.args.productId as bigint;
  const registrationNumber = await products.registrationNumber(productId);
  return {
    data: { productId, registrationNumber, contentHash: prepared.contentHash, ...transactionData(receipt) },
    lines: [`${registrationNumber} registered as product ${productId}`, `content hash ${prepared.contentHash} (${prepared.contentSource})`],
  };
}

/** `product register`: a new product. */
export const register = action(true, async (client, _command, options: RegisterOptions) => registerProduct(client, options.manifest, options.file));

/** `product version`: a new version of `previous`. */
export const version = action(true, async (client, _command, previous: bigint, options: RegisterOptions) =>
  registerProduct(client, options.manifest, options.file, previous));
