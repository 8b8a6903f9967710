import { ROLES } from "../../../sdk/roles";
import type { RoleName } from "../../../sdk/roles";
import { action, transactionData } from "../../context";

/** grant or revoke a staff role. */
export function change(act: "grant" | "revoke") {
  return action(true, async (client, _command, account: string, options: { role: RoleName }) => {
    const method = act === "grant" ? "grantRole" : "revokeRole";
    const receipt = await client.send(`${act} ${options.role}`, () => client.contracts.participants[method](ROLES[options.role], account));
    return { data: { account, role: options.role, ...transactionData(receipt) }, lines: [`${options.role} role ${act === "grant" ? "granted to" : "revoked from"} ${account}`] };
  });
}
