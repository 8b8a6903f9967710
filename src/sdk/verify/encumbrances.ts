import type { RightEncumbrance } from "../records";
import type { Encumbrance, VerifyContext } from "./context";
import { isProviderRight } from "./certificates";
import type { ProductCertificate } from "./certificates";
import type { LineageEdge } from "./lineage";
import type { Check, LineageProduct } from "./report";

/**
 * The encumbrance group: freezes and pledges of every certificate the product stands on — its
 * own, and those its lineage edges were registered under — on the certificate or any ancestor.
 * A freeze (an open objection to the right) is a fault: the record is not settled. A pledge is
 * lawful financing and passes, naming the financier, unless it defeats what the product claims:
 * a Listed product whose provider holds no right to sell it from that is free of pledges and
 * freezes, so no trade can be confirmed (TradeLedgerRightPledged).
 */
export async function checkEncumbrances(
  context: VerifyContext, product: LineageProduct, certificates: readonly ProductCertificate[], edges: readonly LineageEdge[],
): Promise<Check[]> {
  // Each certificate once, the product's first, then the edges', in order.
  const firsts = new Map<bigint, RightEncumbrance>();
  for (const { record, encumbrance } of certificates) if (!firsts.has(record.certificateId)) firsts.set(record.certificateId, encumbrance);
  for (const { source, encumbrance } of edges) if (!firsts.has(source.certificateId)) firsts.set(source.certificateId, encumbrance);
  const found = await Promise.all([...firsts].map(async ([certificateId, first]) => [certificateId, await context.encumbrancesOf(first)] as const));
  const encumbered = new Map(found);

  const sellable = certificates.some((certificate) => isProviderRight(product, certificate) && encumbered.get(certificate.record.certificateId)!.length === 0);
  const pledgeBlocksListing = product.status === "Listed" && !sellable;
  const checks: Check[] = [];
  for (const [certificateId, encumbrances] of encumbered) {
    const whose = (entry: Encumbrance) => (entry.certificateId === certificateId ? `certificate ${certificateId}` : `its ancestor ${entry.certificateId}`);
    const freezes = encumbrances.filter((entry) => entry.openObjections !== 0n);
    const pledges = encumbrances.filter((entry) => entry.pledgee !== null);
    if (freezes.length > 0) {
      const details = await Promise.all(freezes.map(async (entry) =>
        `${whose(entry)} is ${await context.describeFreeze("certificates", entry.certificateId, entry.openObjections)}`));
      checks.push({ id: `certificate.${certificateId}.objections`, passed: false, detail: details.join("; ") });
    }
    if (pledges.length > 0) {
      const own = certificates.find((certificate) => certificate.record.certificateId === certificateId);
      const blocks = pledgeBlocksListing && own !== undefined && isProviderRight(product, own);
      const pledged = pledges.map((entry) => `${whose(entry)} is pledged to ${context.name(entry.pledgee!)}`).join("; ");
      checks.push({
        id: `certificate.${certificateId}.pledge`,
        passed: !blocks,
        detail: blocks
          ? `${pledged}: ${product.registrationNumber} is Listed but the provider holds no unpledged right to sell it from, so no trade can be confirmed`
          : `${pledged}: it cannot be surrendered or reissued until released`,
      });
    }
  }
  return checks;
}
