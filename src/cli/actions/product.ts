import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { certifyProduct, getProduct, listProducts, registerProduct, reinstateProduct, revokeProduct, suspendProduct } from "../../sdk/actions";
import type { DatarightsClient } from "../../sdk/client";
import { prepareRegistration, productManifestJsonSchema } from "../../sdk/manifest";
import { isoDate } from "../../sdk/names";
import type { ProductTypeName } from "../../sdk/names";
import type { ProductRecord, ProductStatusName } from "../../sdk/records";
import { action, emit, wrote } from "../context";
import type { NoOptions, Outcome } from "../context";
import { requireProduct } from "./lookups";

interface RegisterOptions {
  manifest: string;
  file?: string;
}

async function registered(client: DatarightsClient, options: RegisterOptions, previousVersion?: bigint): Promise<Outcome> {
  const prepared = await prepareRegistration(options.manifest, options.file);
  if (previousVersion !== undefined) await requireProduct(client, previousVersion);
  const result = await registerProduct(client, { ...prepared.parameters, previousVersion });
  const { registrationNumber } = await getProduct(client, { productId: result.productId });
  const outcome = wrote(result, { productId: result.productId, registrationNumber, contentHash: prepared.contentHash },
    `${registrationNumber} registered as product ${result.productId}`);
  return { ...outcome, lines: [...outcome.lines, `content hash ${prepared.contentHash} (${prepared.contentSource})`] };
}

/** `product register`: a new product. */
export const register = action(true, async (client, _command, options: RegisterOptions) => registered(client, options));

/** `product version`: a new version of `previous`. */
export const version = action(true, async (client, _command, previous: bigint, options: RegisterOptions) => registered(client, options, previous));

export const certify = action(true, async (client, _command, productId: bigint, _options: NoOptions) => {
  await requireProduct(client, productId);
  return wrote(await certifyProduct(client, { productId }), { productId }, `product ${productId} certified`);
});

const STANDING = { suspend: suspendProduct, reinstate: reinstateProduct, revoke: revokeProduct };

export const standing = (act: keyof typeof STANDING) => action(true, async (client, _command, productId: bigint, options: { reason: string }) => {
  await requireProduct(client, productId);
  return wrote(await STANDING[act](client, { productId, reasonHash: options.reason }), { productId }, `product ${productId}: ${act} done`);
});

const summary = (product: ProductRecord & { registrationNumber: string }): string =>
  `${product.registrationNumber} (product ${product.productId})  ${product.status}  ${product.productType}, ${product.sourceCategory} source, ${product.classification}`;

export const show = action(false, async (client, _command, productId: bigint, _options: NoOptions) => {
  await requireProduct(client, productId);
  const product = await getProduct(client, { productId });
  return {
    data: product,
    lines: [
      summary(product),
      `provider ${product.provider}  registered ${isoDate(product.registeredAt)}  content ${product.contentHash}`,
      ...product.sources.map((source) => `  derived from product ${source.productId} under certificate ${source.certificateId}`),
      ...product.objections.map((objection) => `  frozen by objection ${objection.objectionId}, lodged ${isoDate(objection.lodgedAt)}`),
    ],
  };
});

export const list = action(false, async (client, _command, options: { provider?: string; status?: ProductStatusName; type?: ProductTypeName }) => {
  const products = await listProducts(client, { provider: options.provider, status: options.status, productType: options.type });
  return {
    data: { products },
    lines: products.length ? products.map((product) => `${summary(product)}  provider ${product.provider}`) : ["no products match"],
  };
});

export async function manifestSchema(_options: NoOptions, command: CommandUnknownOpts): Promise<void> {
  const schema = productManifestJsonSchema() as Record<string, unknown>;
  emit(command, { data: schema, lines: [JSON.stringify(schema, null, 2)] });
}
