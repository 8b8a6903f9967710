import type { ContractErrorArgs, ContractErrorName } from "./generated/errors";

/**
 * One plain sentence per custom error, written from each error's NatSpec (contracts/interfaces)
 * for the people who hit it: the arguments arrive readable (enum names, ISO 8601 times, kind
 * names, role names, codes as text); the raw ones are there when a sentence must choose.
 * Typed by the generated errors, so an error without a sentence does not compile.
 */

export type ReadableArgs<Args> = { readonly [Key in keyof Args]: string };
type Sentence<Name extends ContractErrorName> = (readable: ReadableArgs<ContractErrorArgs[Name]>, args: ContractErrorArgs[Name]) => string;

/** "is Suspended: the act is not allowed in that status", or "does not exist" for a status of None. */
const inStatus = (status: string) => (status === "None" ? "does not exist" : `is ${status}: the act is not allowed in that status`);

/** A signature that recovers to no account: ECDSA refused it, and a high s is the usual reason. */
const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export const SENTENCES: { readonly [Name in ContractErrorName]: Sentence<Name> } = {
  // OpenZeppelin
  AccessControlBadConfirmation: () => "an account can renounce only its own roles",
  AccessControlUnauthorizedAccount: (r) => `${r.account} lacks the role ${r.neededRole}`,
  AccessControlInvalidDefaultAdmin: (r) => `${r.defaultAdmin} may not accept the Admin role: it is not the pending Admin, or the wait has not passed`,
  AccessControlEnforcedDefaultAdminRules: () =>
    "the Admin role has one holder and is handed over in two steps: begin the transfer, then the new Admin accepts it after the delay",
  AccessControlEnforcedDefaultAdminDelay: (r) => `the Admin's handover or delay change is not due yet: it may take effect at ${r.schedule} (Unix seconds)`,
  SafeCastOverflowedUintDowncast: (r) => `the value ${r.value} does not fit in ${r.bits} bits`,
  EnforcedPause: () => "new registrations, certificate issues and trades are paused (emergency pause): wait until a Pauser lifts it",
  ExpectedPause: () => "nothing is paused",
  ERC721IncorrectOwner: (r) => `certificate ${r.tokenId} belongs to ${r.owner}, not ${r.sender}`,
  ERC721InsufficientApproval: (r) => `${r.operator} is not approved for certificate ${r.tokenId}`,
  ERC721InvalidApprover: (r) => `${r.approver} cannot approve`,
  ERC721InvalidOperator: (r) => `${r.operator} cannot be an operator`,
  ERC721InvalidOwner: (r) => `${r.owner} cannot own a certificate`,
  ERC721InvalidReceiver: (r) => `${r.receiver} cannot receive a certificate`,
  ERC721InvalidSender: (r) => `${r.sender} cannot send a certificate`,
  ERC721NonexistentToken: (r) => `certificate ${r.tokenId} does not exist`,
  InvalidAccountNonce: (r) => `the signed nonce is not ${r.account}'s current nonce, ${r.currentNonce}`,
  InvalidShortString: () => "the stored short string is malformed",
  StringTooLong: (_, a) => `the text "${a.str}" is too long: at most 31 bytes`,
  ECDSAInvalidSignature: () => "the signature is invalid: it recovers to no account; sign again",
  ECDSAInvalidSignatureLength: (r) => `the signature is ${r.length} bytes long, not 65; sign again`,
  ECDSAInvalidSignatureS: () => "the signature is malleable (high s); sign again",

  // ParticipantRegistry
  ParticipantRegistryZeroAccount: () => "the account is the zero address",
  ParticipantRegistryInvalidKinds: (r) => `the participant kinds (${r.kinds}) are invalid: give at least one defined kind`,
  ParticipantRegistryInvalidAssessmentKinds: (r) =>
    `the assessment kinds (${r.assessmentKinds}) do not fit: an assessor needs at least one defined kind, any other participant none`,
  ParticipantRegistryInvalidJurisdiction: (r) => `the jurisdiction ${r.jurisdiction} is not two upper-case letters (ISO 3166-1 alpha-2)`,
  ParticipantRegistryMissingDossier: () => "the accreditation dossier hash is missing",
  ParticipantRegistryInvalidExpiry: (r) => `an accreditation must end in the future, not at ${r.accreditedUntil}`,
  ParticipantRegistryInvalidExchangeCode: (_, a) => `the exchange code "${a.exchangeCode}" is not 2 to 8 upper-case letters`,
  ParticipantRegistryInvalidStatus: (r) =>
    r.status === "None" ? `${r.account} is not a participant` : `participant ${r.account} ${inStatus(r.status)}`,
  ParticipantRegistryInvalidNonceFloor: (r) =>
    `${r.account} can only raise its nonce floor, by at most 2^32 - 1 at a time: ${r.floor} is no such raise from ${r.currentFloor}`,
  RecordMigrationNotSucceeded: (r) =>
    `the predecessor deployment (registry ${r.predecessorRegistry}) has not named this deployment its successor: its Admin runs \`datarights governance set-successor\` first`,
  RecordMigrationInvalidPredecessor: (r) => `${r.predecessor} is not the same contract of the deployment this registry succeeds`,
  RecordMigrationNothingToCarry: (r) => `table ${r.table} has no record ${r.id} to carry over from the predecessor`,
  RecordMigrationAlreadyCarried: (r) => `record ${r.id} of table ${r.table} is carried over already: a record is carried once`,
  RecordMigrationSealed: (r) =>
    `this deployment is sealed: its records moved to the deployment of registry ${r.successorRegistry}, where this act belongs`,
  RecordMigrationAwaitingCarry: (r) =>
    `the new deployment makes no new records until its first import has settled its counts on the old one's (${r.predecessor}): \`datarights governance migrate\` first`,
  RecordMigrationNoSuccessor: () => "only a deployment whose registry names a successor can be sealed: its Admin runs `datarights governance set-successor` first",
  RecordMigrationNotSealed: (r) => `the predecessor contract ${r.predecessor} is not sealed yet, so its records could still change after being carried: seal it first`,
  RecordMigrationLateRecords: (r) =>
    `the predecessor contract ${r.predecessor} made records after this deployment was built (it counted ${r.carried}, it now counts ${r.count}), and this deployment has made records under their ids since: they cannot be carried`,
  ParticipantRegistryInvalidPredecessor: (r) => `${r.predecessor} is not a ParticipantRegistry of the same exchange code`,
  ParticipantRegistryInvalidSuccessor: (r) => `${r.successor} is not a ParticipantRegistry that names this one as its predecessor`,
  ParticipantRegistrySuccessorAlreadySet: (r) => `the successor is already set, to ${r.successor}: it is set once`,
  ParticipantRegistryInvalidReplacement: (r) =>
    `${r.newAccount} cannot replace ${r.account}: give a fresh account, never seen by the registry and not staff`,
  ParticipantRegistryInvalidReplacementSignature: (r) => `the signature is not ${r.account}'s consent to its replacement; sign the replacement with the old key`,
  ParticipantRegistryNoPendingReplacement: (r) => `no replacement of ${r.account} is pending`,
  ParticipantRegistryReplacementNotDue: (r) => `the replacement of ${r.account} may be completed from ${r.effectiveAt} (Unix seconds), not before`,

  // DataProductRegistry
  DataProductUnknown: (r) => `product ${r.productId} does not exist`,
  DataProductProviderNotAccredited: (r) => `${r.account} is not an active accredited Provider`,
  DataProductNotProvider: (r) => `${r.account} is not the provider of product ${r.productId}`,
  DataProductMissingHash: () => "the content hash or the origin declaration hash is missing",
  DataProductInvalidSources: (r) =>
    `the registration gives ${r.sources} sources and ${r.sourceCertificates} source certificates: one certificate per source, within the limit`,
  DataProductDuplicateSource: (r) => `product ${r.source} appears twice among the sources, or is the new version's own predecessor`,
  DataProductSourceUnavailable: (r) => `source product ${r.source} is suspended, revoked or frozen by an open objection`,
  DataProductMissingSourceRight: (r, a) => {
    const refused = `certificate ${r.certificateId} does not allow deriving from product ${r.source}`;
    if (r.validity === "Nonexistent") return `${refused}: it does not exist`;
    // Each cause the error's facts show; the holder only when nothing else explains the refusal,
    // as the error cannot say who registered.
    const causes: string[] = [];
    if (a.certificateProduct !== a.source) causes.push(`it is a right on product ${r.certificateProduct}`);
    if (r.category === "ProductOperation") causes.push("it is a ProductOperation right (deriving needs ResourceHolding or ProcessingUse)");
    if (r.validity !== "Valid") causes.push(`it is not valid: ${r.validity}`);
    if (causes.length === 0) causes.push(`it is held by ${r.holder}, not by the registering provider`);
    return `${refused}: ${causes.join("; ")}`;
  },
  DataProductInvalidStatus: (r) => `product ${r.productId} ${inStatus(r.status)}`,
  DataProductSuperseded: (r) => `product ${r.productId} was superseded by a newer version`,
  DataProductFrozen: (r) => `product ${r.productId} is frozen by an open objection`,
  DataProductPolicyNotMet: (r) => `product ${r.productId} lacks the required assessments: ${r.missingKinds}`,
  DataProductCoreNotListable: (r) => `product ${r.productId} is classified Core and can never be certified or listed`,
  DataProductLineageBroken: (r) =>
    `product ${r.productId}'s lineage is broken: its provider's certificate ${r.certificateId} on source product ${r.source} is ${r.validity}`,
  DataProductModulesLinked: () => "the registry's modules are already linked, or an address given is zero",
  DataProductModulesNotLinked: () => "the registry's modules are not linked yet",

  // ObjectionBook (products and certificates)
  ObjectionUnknown: (r) => `objection ${r.objectionId} does not exist`,
  ObjectionAlreadyResolved: (r) => `objection ${r.objectionId} is already resolved`,
  ObjectionMissingClaim: () => "the claim hash is missing",
  ObjectionClaimantNotAccredited: (r) => `${r.account} is neither an active accredited participant nor the regulator, and may not lodge objections`,

  // RightsCertificate
  RightsCertificateLocked: (r) => `certificate ${r.tokenId} is soulbound: it can never be transferred or approved`,
  RightsCertificateUnknown: (r) => `certificate ${r.tokenId} does not exist`,
  RightsCertificateApprovalsDisabled: (r) => `certificates are soulbound: ${r.operator} cannot be approved to move them`,
  RightsCertificateHolderNotAccredited: (r) => `${r.account} is not an active accredited participant and cannot hold a right`,
  RightsCertificateInvalidCategory: (r) =>
    r.category === r.parentCategory && r.category === "ProcessingUse"
      ? "a ProcessingUse right is granted only as a licence out of a broader right: initial registrations are ResourceHolding or ProductOperation"
      : `a ${r.category} licence is not narrower than its parent's ${r.parentCategory} right`,
  RightsCertificateProductUnavailable: (r) =>
    `product ${r.productId} cannot receive a right: it does not exist, or is Core, suspended, revoked or frozen`,
  RightsCertificateInvalidExpiry: (r) => `the expiry ${r.expiresAt} must be in the future and no later than ${r.limit}`,
  RightsCertificateMissingHash: () => "a scope or evidence hash is missing",
  RightsCertificateNotValid: (r) =>
    r.validity === "Nonexistent" ? `certificate ${r.tokenId} does not exist` : `certificate ${r.tokenId} is not valid now: it is ${r.validity}`,
  RightsCertificateInvalidStatus: (r) => `certificate ${r.tokenId} ${inStatus(r.status)}`,
  RightsCertificateFrozen: (r) => `certificate ${r.tokenId} is frozen by an open objection`,
  RightsCertificatePledged: (r) => `certificate ${r.tokenId} is pledged to ${r.pledgee}: it cannot be surrendered, reissued or amended`,
  RightsCertificateNotPledged: (r) => `certificate ${r.tokenId} is not pledged`,
  RightsCertificateFinancierNotAccredited: (r) => `${r.account} is not an accredited Financier`,
  RightsCertificateNotHolder: (r) => `${r.account} does not hold certificate ${r.tokenId}`,
  RightsCertificateNotPledgee: (r) => `${r.account} is not the pledgee of certificate ${r.tokenId}`,
  RightsCertificateSameHolder: (r) => `certificate ${r.tokenId} already belongs to ${r.holder}`,
  RightsCertificateInvalidTrade: (r) => `trade id ${r.tradeId} does not fit a certificate's 40-bit field`,
  RightsCertificateTooManyIssuers: () => "the roster of issuing accounts is full (65,535)",
  RightsCertificateReserved: (r) =>
    `certificate ${r.tokenId} still owes licences to ${r.openTrades} confirmed trade${r.openTrades === "1" ? "" : "s"}: it cannot be surrendered, reissued or amended until they close`,
  RightsCertificateNotReserved: (r) => `certificate ${r.tokenId} has no trade reservation to release`,

  // AssessmentRegistry
  AssessmentRegistryFull: () => "the registry holds the most assessments its records can number (2^40 - 1)",
  AssessmentUnknown: (r) => `assessment ${r.assessmentId} does not exist`,
  AssessmentAssessorNotAccredited: (r) => `${r.assessor} is not accredited for ${r.kind} assessments`,
  AssessmentConflictOfInterest: (r) => `${r.assessor} provides product ${r.productId} and may not assess it`,
  AssessmentProductUnavailable: (r) => `product ${r.productId} does not exist or is revoked`,
  AssessmentInvalidExpiry: (r) => `an assessment must expire in the future, not at ${r.expiresAt}`,
  AssessmentMissingReport: () => "the report hash is missing",
  AssessmentExpiredSignature: (r) => `the signed finding expired at ${r.deadline}; sign it again`,
  AssessmentInvalidSigner: (r, a) =>
    a.signer === ZERO_ADDRESS
      ? `the finding's signature is malformed or malleable (high s): it recovers to no account; ${r.assessor} must sign again`
      : `the finding's signature recovers to ${r.signer}, not to the assessor ${r.assessor}`,
  AssessmentAlreadyRevoked: (r) => `assessment ${r.assessmentId} is already revoked`,
  AssessmentUnauthorizedRevoker: (r) => `${r.account} is neither the assessor of assessment ${r.assessmentId} nor the Registrar`,
  AssessmentInvalidRequirement: (r) =>
    `the requirement is invalid: ${r.value} is not a ${r.scope} value, or the kinds (${r.kindsMask}) include one that does not exist`,

  // ListingBook
  ListingBookNotListed: (r) => `product ${r.productId} is not listed`,
  ListingBookInvalidRight: (r) => `a listing cannot offer a ${r.right} right: only ProcessingUse or ProductOperation`,
  ListingBookInvalidDuration: () => "the licence duration is zero",
  ListingBookInvalidJurisdictions: () => "the jurisdiction list is empty, too long, repeats a code or has one that is not two upper-case letters",
  ListingBookNotPricer: (r) =>
    `${r.account} may not propose prices: it is neither the Registrar nor an assessor accredited for PriceEvaluation, or it provides the product`,
  ListingBookInvalidPrice: (r) =>
    `the price ${r.amount} ${r.currency} (${r.method}) is invalid: a priced method needs an amount and a three-letter ISO 4217 code; Negotiable is set with setNegotiable`,
  ListingBookNoProposal: (r) => `product ${r.productId} has no price proposal awaiting confirmation`,
  ListingBookNotProvider: (r) => `${r.account} is not the provider of product ${r.productId}`,

  // TradeLedger
  TradeLedgerProductNotListed: (r) =>
    r.status === "None" ? `product ${r.productId} does not exist` : `product ${r.productId} is not listed: it is ${r.status}`,
  TradeLedgerProductFrozen: (r) => `product ${r.productId} is frozen by an open objection`,
  TradeLedgerContentMismatch: (r) => `the deal's content hash ${r.contentHash} is not product ${r.productId}'s registered one`,
  TradeLedgerPolicyNotMet: (r) => `product ${r.productId} lacks the required assessments: ${r.missingKinds}`,
  TradeLedgerLineageBroken: (r) =>
    `product ${r.productId}'s lineage is broken: its provider's certificate ${r.certificateId} on source product ${r.source} is ${r.validity}`,
  TradeLedgerMissingRight: (r) =>
    `${r.seller} does not hold certificate ${r.certificateId} as a valid ResourceHolding or ProductOperation right on product ${r.productId}`,
  TradeLedgerRightPledged: (r) => `certificate ${r.certificateId}, the seller's right or an ancestor of it, is pledged to ${r.pledgee}`,
  TradeLedgerRightFrozen: (r) => `certificate ${r.certificateId}, the seller's right or an ancestor of it, is frozen by an open objection`,
  TradeLedgerSellerNotAccredited: (r) => `${r.account} is not an active Provider with an unexpired accreditation`,
  TradeLedgerRightNotOffered: (r) =>
    r.rightGranted === r.rightOffered
      ? `the seller's ProductOperation right can license only ProcessingUse, and the listing offers ${r.rightOffered}`
      : `the deal grants a ${r.rightGranted} right, but the listing offers ${r.rightOffered}`,
  TradeLedgerBuyerNotAccredited: (r) => `${r.account} is not an active Buyer with an unexpired accreditation`,
  TradeLedgerBrokerNotAccredited: (r) => `${r.account} is not an active accredited Broker`,
  TradeLedgerJurisdictionNotPermitted: (r) => `the listing does not admit buyers from ${r.jurisdiction} (buyer ${r.buyer})`,
  TradeLedgerCrossBorderMismatch: (_, a) =>
    a.declared
      ? "the deal is declared cross-border, but the buyer is in the product's jurisdiction"
      : "the deal is declared domestic, but the buyer is in another jurisdiction than the product's",
  TradeLedgerCrossBorderNotAssessed: (r) =>
    `product ${r.productId} lacks a passed, unexpired CrossBorderSecurity assessment, which a cross-border trade needs`,
  TradeLedgerInvalidLicenceExpiry: (r) =>
    `the licence expiry ${r.licenceExpiresAt} must be after now and no later than ${r.limit} (the listing's duration and the seller's right)`,
  TradeLedgerInvalidPrice: () => "a price is either public (an amount and an ISO 4217 code, no commitment) or confidential (a commitment only)",
  TradeLedgerExpiredDeal: (r) => `the deal expired at ${r.deadline}; draft and sign it again`,
  TradeLedgerInvalidSignature: (r, a) =>
    a.signer === ZERO_ADDRESS
      ? `the signature of ${r.party} is malformed or malleable (high s): it recovers to no account; sign again`
      : `the signature given for ${r.party} was made by ${r.signer}: ${r.party} must sign this deal`,
  TradeLedgerStaleNonce: (r) =>
    `the deal's nonce ${r.nonce} is stale: a deal of ${r.seller} and ${r.buyer} on this product must carry at least ${r.leastNonce}; draft it again`,
  TradeLedgerNotDealParty: (r) => `${r.account} is neither the seller nor the buyer of the deal`,
  TradeLedgerSelfDeal: (r) => `${r.account} is both seller and buyer: a deal needs two parties`,
  TradeLedgerUnknownTrade: (r) => `trade ${r.tradeId} does not exist`,
  TradeLedgerInvalidStatus: (r) => `trade ${r.tradeId} ${inStatus(r.status)}`,
  TradeLedgerNotParty: (r) => `${r.account} is not the party this act on trade ${r.tradeId} belongs to`,
  TradeLedgerMissingHash: () => "a delivery, reason or payment hash is missing",
};
