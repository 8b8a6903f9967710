import { grantRole, revokeRole } from "../../sdk/actions";
import type { RoleName } from "../../sdk/roles";
import { action, wrote } from "../context";

/** grant or revoke a staff role. */
export const change = (act: "grant" | "revoke") => action(true, async (client, _command, account: string, options: { role: RoleName }) =>
  wrote(await (act === "grant" ? grantRole : revokeRole)(client, { account, role: options.role }), { account, role: options.role },
    `${options.role} role ${act === "grant" ? "granted to" : "revoked from"} ${account}`));
