import type { Command } from "commander";
import { productManifestJsonSchema, prepareRegistration } from "../../sdk/manifest";
import { action, emit, transactionData } from "../context";
import type { Outcome } from "../context";
import type { DatarightsClient } from "../../sdk/client";
import { CLASSIFICATIONS, PRODUCT_STATUSES, PRODUCT_TYPES, SOURCE_CATEGORIES, codeText, enumName } from "../../sdk/names";
import { UsageError, parseHashOrText, parseId } from "../parse";

/** Refuses an id the registry never issued, before any transaction is signed. */
export async function requireProduct(client: DatarightsClient, productId: bigint): Promise<void> {
  if (productId > (await client.contracts.products.productCount())) throw new UsageError(`unknown product ${productId}`);
}

async function register(client: DatarightsClient, manifestPath: string, file: string | undefined, previous?: bigint): Promise<Outcome> {
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

export function registerProducts(program: Command): void {
  const product = program.command("product").description("register, certify and manage data products");

  product
    .command("register")
    .description("register a product from a JSON manifest, as a provider (hashes the data file)")
    .requiredOption("--manifest <file>", "product manifest (see `datarights product manifest-schema`)")
    .option("--file <path>", "data file whose SHA-256 is the content hash (overrides the manifest's `data`)")
    .action(action(true, async (client, _command, options: { manifest: string; file?: string }) => register(client, options.manifest, options.file)));

  product
    .command("version")
    .description("register a new version of a product, as its provider")
    .argument("<previous>", "product id of the previous version", parseId)
    .requiredOption("--manifest <file>", "product manifest")
    .option("--file <path>", "data file")
    .action(action(true, async (client, _command, previous: bigint, options: { manifest: string; file?: string }) =>
      register(client, options.manifest, options.file, previous)));

  product
    .command("certify")
    .description("certify a product whose required assessments passed, as the Registrar")
    .argument("<product>", "product id", parseId)
    .action(action(true, async (client, _command, productId: bigint) => {
      await requireProduct(client, productId);
      const receipt = await client.send("certify", () => client.contracts.products.certify(productId));
      return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId} certified`] };
    }));

  for (const act of ["suspend", "reinstate", "revoke"] as const) {
    product
      .command(act)
      .description(`${act} a product, as the Registrar`)
      .argument("<product>", "product id", parseId)
      .requiredOption("--reason <hash|text>", "reason (hashed when text)", parseHashOrText)
      .action(action(true, async (client, _command, productId: bigint, options: { reason: string }) => {
        await requireProduct(client, productId);
        const receipt = await client.send(act, () => client.contracts.products[act](productId, options.reason));
        return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId}: ${act} done`] };
      }));
  }

  product
    .command("show")
    .description("a product's registration, status and sources")
    .argument("<product>", "product id", parseId)
    .action(action(false, async (client, _command, productId: bigint) => {
      await requireProduct(client, productId);
      const { products } = client.contracts;
      const [record, sources, sourceCertificates, registrationNumber] = await Promise.all([
        products.product(productId), products.sourcesOf(productId), products.sourceCertificatesOf(productId), products.registrationNumber(productId),
      ]);
      const data = {
        productId, registrationNumber, provider: record.provider, status: enumName(PRODUCT_STATUSES, record.status),
        productType: enumName(PRODUCT_TYPES, record.productType), sourceCategory: enumName(SOURCE_CATEGORIES, record.sourceCategory),
        classification: enumName(CLASSIFICATIONS, record.classification), containsPersonalInfo: record.containsPersonalInfo,
        jurisdiction: codeText(record.jurisdiction), registeredAt: record.registeredAt, contentHash: record.contentHash,
        metadataURI: record.metadataURI, openObjections: record.openObjections, previousVersion: record.previousVersion,
        supersededBy: record.supersededBy, sources: [...sources], sourceCertificates: [...sourceCertificates],
      };
      return {
        data,
        lines: [
          `${registrationNumber} (product ${productId})  ${data.status}  ${data.productType}, ${data.sourceCategory} source, ${data.classification}`,
          `provider ${record.provider}  content ${record.contentHash}`,
          ...sources.map((source, index) => `  derived from product ${source} under certificate ${sourceCertificates[index]}`),
        ],
      };
    }));

  product
    .command("manifest-schema")
    .description("print the JSON Schema of a product manifest")
    .action((_options: unknown, command: Command) => {
      const schema = productManifestJsonSchema() as Record<string, unknown>;
      emit(command, { data: schema, lines: [JSON.stringify(schema, null, 2)] });
    });

  const objection = program.command("objection").description("objections (异议) against a product or a certificate");
  const books = { product: "products", certificate: "certificates" } as const;
  for (const [target, contract] of Object.entries(books) as [keyof typeof books, (typeof books)[keyof typeof books]][]) {
    objection
      .command(`lodge-${target}`)
      .description(`lodge an objection against a ${target}, as any accredited participant`)
      .argument("<id>", `${target} id`, parseId)
      .requiredOption("--claim <hash|text>", "the claim (hashed when text)", parseHashOrText)
      .action(action(true, async (client, _command, targetId: bigint, options: { claim: string }) => {
        const receipt = await client.send("lodge objection", () => client.contracts[contract].lodgeObjection(targetId, options.claim));
        const [lodged] = client.events(receipt, contract, "ObjectionLodged");
        const objectionId = lodged?.args.objectionId as bigint;
        return { data: { objectionId, targetId, ...transactionData(receipt) }, lines: [`objection ${objectionId} lodged against ${target} ${targetId}`] };
      }));
    objection
      .command(`resolve-${target}`)
      .description(`decide an objection against a ${target}, as the Registrar`)
      .argument("<objection>", "objection id", parseId)
      .option("--upheld", "the objection is upheld (the target is revoked)")
      .requiredOption("--resolution <hash|text>", "the decision (hashed when text)", parseHashOrText)
      .action(action(true, async (client, _command, objectionId: bigint, options: { upheld?: boolean; resolution: string }) => {
        const receipt = await client.send("resolve objection", () =>
          client.contracts[contract].resolveObjection(objectionId, options.upheld === true, options.resolution));
        return { data: { objectionId, upheld: options.upheld === true, ...transactionData(receipt) }, lines: [`objection ${objectionId} ${options.upheld ? "upheld" : "dismissed"}`] };
      }));
  }
}
