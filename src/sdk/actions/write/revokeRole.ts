import type { DatarightsClient } from "../../client";
import { ROLES } from "../../roles";
import type { RoleParameters } from "./grantRole";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Takes a staff role away from `account`, as the Admin. */
export async function revokeRole(client: DatarightsClient, parameters: RoleParameters): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, `revoke ${parameters.role}`, (contracts) =>
    contracts.participants.revokeRole(ROLES[parameters.role], parameters.account),
  );
  return { transaction };
}
