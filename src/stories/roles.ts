import { ethers } from "ethers";

/** Role ids of contracts/libraries/ExchangeRoles.sol. */
export const ADMIN_ROLE = ethers.ZeroHash;
export const REGISTRAR_ROLE = ethers.id("REGISTRAR_ROLE");
export const ARBITER_ROLE = ethers.id("ARBITER_ROLE");
