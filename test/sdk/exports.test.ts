import { expect } from "chai";
import * as sdk from "../../src/sdk";

/**
 * The SDK's public surface (after viem's exports.test.ts): every runtime export of
 * src/sdk/index.ts, in order. Adding, renaming or removing one fails here, so the change shows
 * as a diff of this list in review. Types are not runtime exports; tsc checks those.
 */
const EXPORTS = [
  "ASSESSMENT_KINDS", "ASSESSMENT_TYPES", "AccessControlBadConfirmationError",
  "AccessControlEnforcedDefaultAdminDelayError", "AccessControlEnforcedDefaultAdminRulesError",
  "AccessControlInvalidDefaultAdminError", "AccessControlUnauthorizedAccountError", "AssessmentAlreadyRevokedError",
  "AssessmentAssessorNotAccreditedError", "AssessmentConflictOfInterestError", "AssessmentExpiredSignatureError",
  "AssessmentInvalidExpiryError", "AssessmentInvalidRequirementError", "AssessmentInvalidSignerError",
  "AssessmentMissingReportError", "AssessmentProductUnavailableError", "AssessmentRegistryFullError",
  "AssessmentUnauthorizedRevokerError", "AssessmentUnknownError", "CERTIFICATE_FIELDS", "CERTIFICATE_STATUSES",
  "CLASSIFICATIONS", "CONTRACT_NAMES", "ContractError", "DEAL_TYPES", "DEFAULT_DOCUMENTS_DIR", "DOCUMENT_FIELDS",
  "DataProductCoreNotListableError", "DataProductDuplicateSourceError", "DataProductFrozenError",
  "DataProductInvalidSourcesError", "DataProductInvalidStatusError", "DataProductLineageBrokenError",
  "DataProductMissingHashError", "DataProductMissingSourceRightError", "DataProductModulesLinkedError",
  "DataProductModulesNotLinkedError", "DataProductNotProviderError", "DataProductPolicyNotMetError",
  "DataProductProviderNotAccreditedError", "DataProductSourceUnavailableError", "DataProductSupersededError",
  "DataProductUnknownError", "DatarightsClient", "DatarightsError", "ECDSAInvalidSignatureError",
  "ECDSAInvalidSignatureLengthError", "ECDSAInvalidSignatureSError", "ERC721IncorrectOwnerError",
  "ERC721InsufficientApprovalError", "ERC721InvalidApproverError", "ERC721InvalidOperatorError",
  "ERC721InvalidOwnerError", "ERC721InvalidReceiverError", "ERC721InvalidSenderError", "ERC721NonexistentTokenError",
  "ERRORS_ABI", "ERROR_CLASSES", "EnforcedPauseError", "ExpectedPauseError", "InvalidAccountNonceError",
  "InvalidShortStringError", "JsonRpcError", "ListingBookInvalidDurationError", "ListingBookInvalidJurisdictionsError",
  "ListingBookInvalidPriceError", "ListingBookInvalidRightError", "ListingBookNoProposalError",
  "ListingBookNotListedError", "ListingBookNotPricerError", "ListingBookNotProviderError", "MAX_PRODUCT_DOCUMENT_BYTES",
  "MalleableSignatureError", "NO_REASON", "OBJECTION_STATUSES", "ObjectionAlreadyResolvedError",
  "ObjectionClaimantNotAccreditedError", "ObjectionMissingClaimError", "ObjectionUnknownError", "PARTICIPANT_KINDS",
  "PARTICIPANT_KIND_NAMES", "PARTICIPANT_STATUSES", "PRICING_METHODS", "PRODUCT_DOCUMENT_TYPE", "PRODUCT_STATUSES",
  "PRODUCT_TYPES", "ParticipantRegistryInvalidAssessmentKindsError", "ParticipantRegistryInvalidExchangeCodeError",
  "ParticipantRegistryInvalidExpiryError", "ParticipantRegistryInvalidJurisdictionError",
  "ParticipantRegistryInvalidKindsError", "ParticipantRegistryInvalidNonceFloorError",
  "ParticipantRegistryInvalidPredecessorError", "ParticipantRegistryInvalidReplacementError",
  "ParticipantRegistryInvalidReplacementSignatureError", "ParticipantRegistryInvalidStatusError",
  "ParticipantRegistryInvalidSuccessorError", "ParticipantRegistryMissingDossierError",
  "ParticipantRegistryNoPendingReplacementError", "ParticipantRegistryReplacementNotDueError",
  "ParticipantRegistrySuccessorAlreadySetError", "ParticipantRegistryZeroAccountError", "REQUIREMENT_SCOPES",
  "RIGHT_ALIASES", "RIGHT_CATEGORIES", "ROLES", "RecordMigrationAlreadyCarriedError", "RecordMigrationAwaitingCarryError",
  "RecordMigrationInvalidPredecessorError", "RecordMigrationLateRecordsError", "RecordMigrationNoSuccessorError", "RecordMigrationNotSealedError",
  "RecordMigrationNotSucceededError", "RecordMigrationNothingToCarryError", "RecordMigrationSealedError",
  "RightsCertificateApprovalsDisabledError",
  "RightsCertificateFinancierNotAccreditedError", "RightsCertificateFrozenError",
  "RightsCertificateHolderNotAccreditedError", "RightsCertificateInvalidCategoryError",
  "RightsCertificateInvalidExpiryError", "RightsCertificateInvalidStatusError", "RightsCertificateInvalidTradeError",
  "RightsCertificateLockedError", "RightsCertificateMissingHashError", "RightsCertificateNotHolderError",
  "RightsCertificateNotPledgedError", "RightsCertificateNotPledgeeError", "RightsCertificateNotReservedError",
  "RightsCertificateNotValidError", "RightsCertificatePledgedError", "RightsCertificateProductUnavailableError",
  "RightsCertificateReservedError", "RightsCertificateSameHolderError", "RightsCertificateTooManyIssuersError",
  "RightsCertificateUnknownError", "RpcAnswerError", "RpcTransportError", "RpcUnavailableError", "SENTENCES",
  "SOURCE_CATEGORIES", "SafeCastOverflowedUintDowncastError", "StringTooLongError", "TIMELOCK_OPERATION_STATES", "TRADE_STATUSES",
  "TradeLedgerBrokerNotAccreditedError", "TradeLedgerBuyerNotAccreditedError", "TradeLedgerContentMismatchError",
  "TradeLedgerCrossBorderMismatchError", "TradeLedgerCrossBorderNotAssessedError", "TradeLedgerExpiredDealError",
  "TradeLedgerInvalidLicenceExpiryError", "TradeLedgerInvalidPriceError", "TradeLedgerInvalidSignatureError",
  "TradeLedgerInvalidStatusError", "TradeLedgerJurisdictionNotPermittedError", "TradeLedgerLineageBrokenError",
  "TradeLedgerMissingHashError", "TradeLedgerMissingRightError", "TradeLedgerNotDealPartyError",
  "TradeLedgerNotPartyError", "TradeLedgerPolicyNotMetError", "TradeLedgerProductFrozenError",
  "TradeLedgerProductNotListedError", "TradeLedgerRightFrozenError", "TradeLedgerRightNotOfferedError",
  "TradeLedgerRightPledgedError", "TradeLedgerSelfDealError", "TradeLedgerSellerNotAccreditedError",
  "TradeLedgerStaleNonceError", "TradeLedgerUnknownTradeError", "UnknownProductError", "VALIDITIES",
  "acceptAdminTransfer", "accredit", "amendCertificate", "applyForAccreditation", "assessmentDomain",
  "assessmentKindsMask", "assessmentKindsOf", "attachPaymentReference", "beginAdminTransfer", "bindContracts",
  "cancelAccountReplacement", "cancelAdminTransfer", "cancelChange", "cancelTrade", "canonicalJson", "certifyProduct", "codeText",
  "completeAccountReplacement", "confirmDeal", "confirmPrice", "confirmReceipt", "connectProvider",
  "contractErrorFromData", "createTransport", "dealDigest", "dealDocument", "dealDocumentSchema", "dealSigners",
  "dealValues", "decodeAssessment", "decodeCall", "decodeCertificate", "decodeDealTerms", "decodeEncumbrance", "decodeEnum",
  "decodeError", "decodeListing", "decodeObjection", "decodeParticipant", "decodePriceLog", "decodeProduct",
  "decodeReferencePrice", "decodeRevert", "decodeSources", "decodeTrade", "decodeValidity", "delistProduct",
  "deliverTrade", "deploymentPath", "describeCall", "describeRevertData", "diffDeployments", "disputeTrade", "documentsDirectory", "draftDeal", "enumName",
  "enumValue", "executeChange", "failedLineageChecks", "fetchChainId", "findingDocumentSchema", "findingInput", "formatMoney",
  "getAssessment", "getAssessmentPolicy", "getCertificate", "getCounts", "getGovernance", "getListing", "getObjection",
  "getParticipant", "getProduct", "getTimelock", "getTrade", "grantRole", "isLapsed", "isoDate", "isoTime", "issueCertificate",
  "kindsMask", "licenseCertificate", "listAssessments", "listCertificates", "listObjections", "listParticipants",
  "listPrices", "listProduct", "listProducts", "listTrades", "loadChainConfig", "loadWallet", "localDocumentTarget",
  "lodgeObjection", "manifestDocument", "maskNames", "migrateRecords", "parseProductDocument", "pauseRecords", "pledgeCertificate",
  "prepareRegistration", "productDocumentHash", "productDocumentPath", "productDocumentSchema",
  "productManifestJsonSchema", "productManifestSchema", "profileMasks", "proposeAccountReplacement", "proposePrice",
  "raiseNonceFloor", "readDeployment", "readDocument", "readProductDocumentFile", "readableArg", "recordAssessment",
  "recordSignedAssessment", "registerProduct", "reinstateCertificate", "reinstateParticipant", "reinstateProduct",
  "releasePledge", "relistProduct", "renewCertificate", "replaceAccount", "requireDeployment", "requirementKey",
  "resolveDispute", "resolveObjection", "resolveProductDocument", "revertDataOf", "revokeAssessment",
  "revokeCertificate", "revokeParticipant", "revokeProduct", "revokeRole", "scheduleChange", "sealDeployment", "setNegotiable", "setRequirement",
  "setSuccessor", "sha256File", "sha256Json", "signAccountReplacement", "signAssessment", "signDeal", "signFinding",
  "signatureError", "storeProductDocument", "surrenderCertificate", "suspendCertificate", "suspendParticipant",
  "suspendProduct", "toProvJson", "tradeDomain", "transferCertificate", "unpauseRecords", "verifyProduct", "voidDeal",
  "writeDeployment", "writeDocument", "writeProductDocument",
];

describe("SDK public entry", () => {
  it("exports exactly the snapshot", () => {
    const actual = Object.keys(sdk).sort();
    const added = actual.filter((name) => !EXPORTS.includes(name));
    const removed = EXPORTS.filter((name) => !actual.includes(name));
    expect({ added, removed }, "update EXPORTS in this file when the change is intended").to.deep.equal({ added: [], removed: [] });
    expect(actual).to.deep.equal(EXPORTS);
  });

  it("exports one function per action, each taking the client first", () => {
    for (const name of ["registerProduct", "confirmDeal", "draftDeal", "getProduct", "verifyProduct"]) {
      const action: unknown = (sdk as Record<string, unknown>)[name];
      expect(action, name).to.be.a("function");
      expect((action as (...args: unknown[]) => unknown).length, `${name} takes (client, parameters)`).to.be.at.least(2);
    }
  });
});
