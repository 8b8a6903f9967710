import type { Command } from "commander";
import type { DatarightsClient } from "../../sdk/client";
import { action, transactionData } from "../context";
import type { Outcome } from "../context";
import { CERTIFICATE_STATUSES, RIGHT_ALIASES, RIGHT_CATEGORIES, VALIDITIES, enumName } from "../../sdk/names";
import { UsageError, enumParser, parseAddress, parseHashOrText, parseId, parseMoment } from "../parse";
import { requireProduct } from "./products";

const parseCategory = enumParser("right category", RIGHT_CATEGORIES, RIGHT_ALIASES);

export async function requireCertificate(client: DatarightsClient, certificateId: bigint): Promise<void> {
  if (certificateId > (await client.contracts.certificates.certificateCount())) throw new UsageError(`unknown certificate ${certificateId}`);
}

async function latestTime(client: DatarightsClient): Promise<bigint> {
  return BigInt((await client.provider.getBlock("latest"))!.timestamp);
}

/** The certificate minted by `receipt`, with its registration number. */
async function minted(client: DatarightsClient, receipt: Parameters<DatarightsClient["events"]>[0], verb: string): Promise<Outcome> {
  const [issued] = client.events(receipt, "certificates", "CertificateIssued");
  const certificateId = issued.args.tokenId as bigint;
  const registrationNumber = await client.contracts.certificates.registrationNumber(certificateId);
  return { data: { certificateId, registrationNumber, ...transactionData(receipt) }, lines: [`${registrationNumber} ${verb} (certificate ${certificateId})`] };
}

export function registerCertificates(program: Command): void {
  const certificate = program.command("certificate").description("rights certificates: issue, license, transfer, change, pledge…");

  certificate
    .command("issue")
    .description("initial registration of a ResourceHolding or ProductOperation right, as the Registrar")
    .argument("<holder>", "holder's address", parseAddress)
    .argument("<product>", "product id", parseId)
    .requiredOption("--category <category>", "ResourceHolding (RH) or ProductOperation (PO)", parseCategory)
    .requiredOption("--expires <time>", "expiry: date, unix seconds, span (5y) or never")
    .requiredOption("--scope <hash|text>", "scope of the right", parseHashOrText)
    .requiredOption("--evidence <hash|text>", "registration evidence", parseHashOrText)
    .action(action(true, async (client, _command, holder: string, productId: bigint, options: { category: number; expires: string; scope: string; evidence: string }) => {
      await requireProduct(client, productId);
      const expiresAt = parseMoment(options.expires, await latestTime(client));
      const receipt = await client.send("issue", () =>
        client.contracts.certificates.issue(holder, productId, options.category, expiresAt, options.scope, options.evidence));
      return minted(client, receipt, "issued");
    }));

  certificate
    .command("license")
    .description("license a narrower right out of a certificate, as the Registrar")
    .argument("<parent>", "parent certificate id", parseId)
    .argument("<holder>", "licensee's address", parseAddress)
    .requiredOption("--category <category>", "ProcessingUse (PU) or ProductOperation (PO)", parseCategory)
    .requiredOption("--expires <time>", "expiry, no later than the parent's")
    .requiredOption("--scope <hash|text>", "scope of the licence", parseHashOrText)
    .requiredOption("--evidence <hash|text>", "licence evidence", parseHashOrText)
    .action(action(true, async (client, _command, parentId: bigint, holder: string, options: { category: number; expires: string; scope: string; evidence: string }) => {
      await requireCertificate(client, parentId);
      const expiresAt = parseMoment(options.expires, await latestTime(client));
      const receipt = await client.send("license", () =>
        client.contracts.certificates.license(parentId, holder, options.category, expiresAt, options.scope, options.evidence));
      return minted(client, receipt, "licensed");
    }));

  certificate
    .command("reissue")
    .description("transfer: reissue a certificate to a new holder, as the Registrar")
    .argument("<certificate>", "certificate id", parseId)
    .argument("<holder>", "new holder", parseAddress)
    .requiredOption("--evidence <hash|text>", "transfer deed", parseHashOrText)
    .action(action(true, async (client, _command, certificateId: bigint, holder: string, options: { evidence: string }) => {
      await requireCertificate(client, certificateId);
      const receipt = await client.send("reissue", () => client.contracts.certificates.reissue(certificateId, holder, options.evidence));
      return minted(client, receipt, "reissued");
    }));

  certificate
    .command("amend")
    .description("change: issue a successor with a new scope and evidence, as the Registrar")
    .argument("<certificate>", "certificate id", parseId)
    .requiredOption("--scope <hash|text>", "new scope", parseHashOrText)
    .requiredOption("--evidence <hash|text>", "evidence of the change", parseHashOrText)
    .action(action(true, async (client, _command, certificateId: bigint, options: { scope: string; evidence: string }) => {
      await requireCertificate(client, certificateId);
      const receipt = await client.send("amend", () => client.contracts.certificates.amend(certificateId, options.scope, options.evidence));
      return minted(client, receipt, "amended");
    }));

  certificate
    .command("renew")
    .description("extend a valid certificate's expiry, as the Registrar")
    .argument("<certificate>", "certificate id", parseId)
    .requiredOption("--expires <time>", "new expiry")
    .action(action(true, async (client, _command, certificateId: bigint, options: { expires: string }) => {
      await requireCertificate(client, certificateId);
      const expiresAt = parseMoment(options.expires, await latestTime(client));
      const receipt = await client.send("renew", () => client.contracts.certificates.renew(certificateId, expiresAt));
      return { data: { certificateId, expiresAt, ...transactionData(receipt) }, lines: [`certificate ${certificateId} renewed`] };
    }));

  for (const act of ["suspend", "reinstate", "revoke"] as const) {
    certificate
      .command(act)
      .description(`${act} a certificate, as the Registrar`)
      .argument("<certificate>", "certificate id", parseId)
      .requiredOption("--reason <hash|text>", "reason", parseHashOrText)
      .action(action(true, async (client, _command, certificateId: bigint, options: { reason: string }) => {
        await requireCertificate(client, certificateId);
        const receipt = await client.send(act, () => client.contracts.certificates[act](certificateId, options.reason));
        return { data: { certificateId, ...transactionData(receipt) }, lines: [`certificate ${certificateId}: ${act} done`] };
      }));
  }

  certificate
    .command("surrender")
    .description("cancel your own certificate for good, as its holder")
    .argument("<certificate>", "certificate id", parseId)
    .action(action(true, async (client, _command, certificateId: bigint) => {
      await requireCertificate(client, certificateId);
      const receipt = await client.send("surrender", () => client.contracts.certificates.surrender(certificateId));
      return { data: { certificateId, ...transactionData(receipt) }, lines: [`certificate ${certificateId} surrendered`] };
    }));

  certificate
    .command("pledge")
    .description("pledge your certificate to an accredited financier, as its holder")
    .argument("<certificate>", "certificate id", parseId)
    .argument("<financier>", "financier's address", parseAddress)
    .requiredOption("--agreement <hash|text>", "the loan agreement", parseHashOrText)
    .action(action(true, async (client, _command, certificateId: bigint, financier: string, options: { agreement: string }) => {
      await requireCertificate(client, certificateId);
      const receipt = await client.send("pledge", () => client.contracts.certificates.pledge(certificateId, financier, options.agreement));
      return { data: { certificateId, financier, ...transactionData(receipt) }, lines: [`certificate ${certificateId} pledged to ${financier}`] };
    }));

  certificate
    .command("release")
    .description("release a pledge, as the pledgee")
    .argument("<certificate>", "certificate id", parseId)
    .action(action(true, async (client, _command, certificateId: bigint) => {
      await requireCertificate(client, certificateId);
      const receipt = await client.send("release", () => client.contracts.certificates.release(certificateId));
      return { data: { certificateId, ...transactionData(receipt) }, lines: [`certificate ${certificateId} released`] };
    }));

  certificate
    .command("show")
    .description("a certificate, its validity and its lineage links")
    .argument("<certificate>", "certificate id", parseId)
    .action(action(false, async (client, _command, certificateId: bigint) => {
      await requireCertificate(client, certificateId);
      const { certificates } = client.contracts;
      const [record, validity, registrationNumber] = await Promise.all([
        certificates.certificate(certificateId), certificates.validity(certificateId), certificates.registrationNumber(certificateId),
      ]);
      const data = {
        certificateId, registrationNumber, productId: record.productId, category: enumName(RIGHT_CATEGORIES, record.category),
        status: enumName(CERTIFICATE_STATUSES, record.status), validity: enumName(VALIDITIES, validity), holder: record.holder,
        issuer: record.issuer, issuedAt: record.issuedAt, expiresAt: record.expiresAt, parentId: record.parentId,
        predecessorId: record.predecessorId, successorId: record.successorId, pledgee: record.pledgee,
        openObjections: record.openObjections, scopeHash: record.scopeHash, evidenceHash: record.evidenceHash, tradeId: record.tradeId,
      };
      return {
        data,
        lines: [
          `${registrationNumber} (certificate ${certificateId})  ${data.category} of product ${record.productId}  ${data.status}, ${data.validity}`,
          `holder ${record.holder}${record.parentId ? `  parent ${record.parentId}` : ""}${record.tradeId ? `  from trade ${record.tradeId}` : ""}`,
        ],
      };
    }));
}
