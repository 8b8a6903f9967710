/**
 * datarights SDK: the one public entry. Everything off-chain (the CLI, the stories, the
 * listener, the API, scripts) reaches the contracts through what is exported here; the export
 * snapshot test (test/sdk/exports.test.ts) shows any change to this surface as a diff.
 *
 * @example
 * import { DatarightsClient, loadChainConfig, registerProduct } from "datarights/sdk";
 * const client = await DatarightsClient.connect(loadChainConfig(process.env), { signer: true });
 * const { productId } = await registerProduct(client, { contentHash, originDeclarationHash, ... });
 */
export * from "./actions";
export { DatarightsClient, bindContracts } from "./client";
export type { Account, ClientParameters, ConnectOptions, ContractKey, DatarightsContracts, DeploymentAddresses } from "./client";
export { connectProvider, fetchChainId, loadWallet } from "./chain";
export { RpcTransportError, RpcUnavailableError, JsonRpcError, RpcAnswerError, createTransport } from "./transport";
export type { JsonRpcTransport, RpcCounter, TransportOptions } from "./transport";
export { loadChainConfig } from "./config";
export type { ChainConfig, KeySource } from "./config";
export { CONTRACT_NAMES, deploymentPath, readDeployment, requireDeployment, writeDeployment } from "./deployment";
export type { CompleteDeployment, ContractName, DeployedContract, Deployment } from "./deployment";
export * from "./documents";
export * from "./eip712";
export * from "./errors";
export * from "./hash";
export * from "./manifest";
export * from "./names";
export * from "./product-document";
export { toProvJson } from "./prov";
export * from "./records";
export { ROLES } from "./roles";
export { TIMELOCK_OPERATION_STATES, decodeCall, describeCall } from "./timelock";
export type { CallArgument, DecodedCall, EncodedCall, TimelockCall, TimelockOperationState, TimelockTarget } from "./timelock";
export type { RoleName } from "./roles";
export { UnknownProductError, failedLineageChecks, verifyProduct } from "./verify";
export type { Check, VerificationReport, VerifyOptions } from "./verify";
