import { ExchangeRole } from "./generated/enums";

/** The staff roles of the ParticipantRegistry (contracts/libraries/ExchangeRoles.sol, generated), as hashes. */
export const ROLES: Readonly<Record<"admin" | "registrar" | "arbiter" | "market" | "pauser" | "regulator", string>> = {
  admin: ExchangeRole.DEFAULT_ADMIN_ROLE,
  registrar: ExchangeRole.REGISTRAR_ROLE,
  arbiter: ExchangeRole.ARBITER_ROLE,
  market: ExchangeRole.MARKET_ROLE,
  pauser: ExchangeRole.PAUSER_ROLE,
  regulator: ExchangeRole.REGULATOR_ROLE,
};
export type RoleName = keyof typeof ROLES;
export const MARKET_ROLE = ROLES.market;
