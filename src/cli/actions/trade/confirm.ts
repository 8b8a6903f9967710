import { getAddress } from "ethers";
import { dealSigners, dealValues } from "../../../sdk/documents";
import { failedLineageChecks } from "../../../sdk/verify";
import { action, transactionData } from "../../context";
import { VerificationFailed } from "../../failure";
import { UsageError } from "../../parse";
import { readDeal } from "./deal-file";

export const confirm = action(true, async (client, _command, file: string, options: { force?: boolean }) => {
  const document = readDeal(client, file);
  const { seller, buyer } = document.signatures;
  if (!seller || !buyer) throw new UsageError(`${file} lacks the ${seller ? "buyer" : "seller"}'s signature`);
  const signers = dealSigners(document);
  if (signers.seller !== getAddress(document.deal.seller)) throw new UsageError(`${file}: the seller's signature is not the seller's`);
  if (signers.buyer !== getAddress(document.deal.buyer)) throw new UsageError(`${file}: the buyer's signature is not the buyer's`);
  // The contract checks the direct edges; the whole lineage, at every depth, is verify's.
  const failed = await failedLineageChecks(client, BigInt(document.deal.productId));
  if (failed.length > 0 && !options.force) {
    // A failed check, not bad usage: exit 1, as verify's.
    const names = failed.map((item) => item.id).join(", ");
    throw new VerificationFailed(
      `refusing to confirm: lineage check${failed.length > 1 ? "s" : ""} ${names} failed: ${failed[0].detail} (--force confirms anyway)`,
      { failedChecks: failed.map((item) => ({ id: item.id, detail: item.detail })) },
    );
  }
  const receipt = await client.send("confirm trade", () => client.contracts.trades.confirm(dealValues(document.deal), seller, buyer));
  const [confirmed] = client.events(receipt, "trades", "TradeConfirmed");
  const tradeId = confirmed.args.tradeId as bigint;
  const forced = failed.map((item) => item.id);
  return {
    data: { tradeId, dealDigest: confirmed.args.dealDigest as string, forcedPast: forced, ...transactionData(receipt) },
    lines: [`trade ${tradeId} confirmed`, ...(forced.length ? [`confirmed with --force despite failing lineage checks: ${forced.join(", ")}`] : [])],
  };
});
