import { getAddress } from "ethers";
import type { DatarightsClient } from "../../client";
import { DEAL_TYPES, tradeDomain } from "../../eip712";
import type { DealValues } from "../../eip712";

/**
 * Signs a deal (EIP-712), as its seller or its buyer (the client's account). Needs no chain:
 * the domain is the deployment's ledger on the client's chain.
 */
export async function signDeal(client: DatarightsClient, parameters: { deal: DealValues }): Promise<{ role: "seller" | "buyer"; signature: string }> {
  const account = client.signer;
  const { deal } = parameters;
  const signer = getAddress(account.address);
  const role = signer === getAddress(deal.seller) ? "seller" : signer === getAddress(deal.buyer) ? "buyer" : undefined;
  if (!role) throw new Error(`${signer} is neither the seller nor the buyer of this deal`);
  const signature = await account.signTypedData(tradeDomain(client.chainId, client.address("trades")), DEAL_TYPES, deal);
  return { role, signature };
}
