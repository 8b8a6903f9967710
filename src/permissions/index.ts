/**
 * Keeps Besu's local account allowlists equal to the ParticipantRegistry: the registry is the
 * source of truth of who may send transactions (active participants and exchange staff), and
 * since Besu 25.6 a node's allowlist is local configuration changed through its PERM JSON-RPC
 * methods. See deploy/besu/README.md.
 */
export { runPermissionsSync } from "./command";
export { allowlistAccounts } from "./bootstrap";
export type { NodeSyncResult, PermissionsSyncCommandOptions } from "./command";
export { ALLOWLISTED_ROLES, readRequiredAccounts } from "../sdk/allowlist";
export type { ReadRequiredAccountsOptions, RequiredAccounts } from "../sdk/allowlist";
export { BesuPermissionsError, createBesuPermissionsClient } from "./besu";
export type { BesuPermissionsClient, BesuPermissionsClientOptions, PermMethod, PermSuccess } from "./besu";
export { applyAllowlist, diffAllowlist, syncAllowlist } from "./sync";
export type { AllowlistDiff, ApplyAllowlistOptions, SyncAllowlistOptions, SyncAllowlistResult } from "./sync";
export { followAllowlist } from "./follow";
export type { FollowAllowlistOptions, FollowSyncReason, FollowSyncReport } from "./follow";
