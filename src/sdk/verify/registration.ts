import { getParticipant } from "../actions/read/getParticipant";
import type { VerifyContext } from "./context";
import { isWithdrawn, isoDate } from "./report";
import type { Check, LineageProduct } from "./report";

/**
 * The registration group: the product's own standing (not suspended or revoked, not frozen by
 * an objection, still meeting the assessment policy it was certified under) and its provider's
 * accreditation.
 */
export async function checkRegistration(context: VerifyContext, product: LineageProduct): Promise<Check[]> {
  const { client, blockNumber, name } = context;
  const { registrationNumber, status } = product;
  const [provider, certified] = await Promise.all([
    getParticipant(client, { account: product.provider, blockNumber }),
    context.read(client.contracts.products.isCertified(product.productId, { blockTag: blockNumber })),
  ]);
  // An open objection (异议) freezes the product: no licence, listing or trade until the Registrar resolves it.
  const frozen = product.openObjections !== 0n;
  // Certification is not for good: assessments expire, so a Certified or Listed product can fall out of its policy.
  const claimsCertification = status === "Certified" || status === "Listed";
  return [
    { id: "product.status", passed: !isWithdrawn(status), detail: `${registrationNumber} is ${status}` },
    {
      id: "product.objections",
      passed: !frozen,
      detail: frozen
        ? `${registrationNumber} is ${await context.describeFreeze("products", product.productId, product.openObjections)}`
        : `${registrationNumber} has no open objection`,
    },
    {
      id: "product.certification",
      passed: !claimsCertification || certified,
      detail: !claimsCertification
        ? `${registrationNumber} claims no certification`
        : certified
          ? `${registrationNumber} is ${status} and meets its assessment policy`
          : `${registrationNumber} is ${status} but no longer meets its assessment policy`,
    },
    {
      id: "product.provider",
      passed: provider.standing === "Active",
      detail: `provider ${name(product.provider)} is ${provider.status}, accredited until ${isoDate(provider.accreditedUntil ?? 0n)}`,
    },
  ];
}
