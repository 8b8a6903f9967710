import { ZeroHash, id } from "ethers";

/** The staff roles of the ParticipantRegistry (contracts/libraries/ExchangeRoles.sol). */
export const ROLES = {
  admin: ZeroHash,
  registrar: id("REGISTRAR_ROLE"),
  arbiter: id("ARBITER_ROLE"),
  market: id("MARKET_ROLE"),
} as const;
export type RoleName = keyof typeof ROLES;
export const MARKET_ROLE = ROLES.market;
