import { action, transactionData } from "../../context";

/** suspend, reinstate or revoke an accreditation: one body, the act named. */
export function standing(act: "suspend" | "reinstate" | "revoke") {
  return action(true, async (client, _command, account: string, options: { reason: string }) => {
    const receipt = await client.send(act, () => client.contracts.participants[act](account, options.reason));
    return { data: { account, ...transactionData(receipt) }, lines: [`${account}: ${act} done`] };
  });
}
