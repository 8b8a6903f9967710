import type { DatarightsClient } from "../../client";
import { ROLES } from "../../roles";
import type { RoleName } from "../../roles";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

export interface RoleParameters {
  role: RoleName;
  account: string;
}

/** Grants a staff role (registrar, arbiter, market, admin) to `account`, as the Admin. */
export async function grantRole(client: DatarightsClient, parameters: RoleParameters): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, `grant ${parameters.role}`, (contracts) =>
    contracts.participants.grantRole(ROLES[parameters.role], parameters.account),
  );
  return { transaction };
}
