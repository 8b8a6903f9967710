// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @notice Identifier of a registered data product. Ids are sequential from 1; 0 means "none".
type ProductId is uint64;

/// @notice Lifecycle of an accredited market entity.
enum ParticipantStatus {
    None,
    Pending,
    Active,
    Suspended,
    Revoked
}

/// @notice The three categories of data rights of the 2022 "Data Twenty Measures".
enum RightCategory {
    ResourceHolding,
    ProcessingUse,
    ProductOperation
}

/// @notice The Measures' three categories of data a product is drawn from.
enum SourceCategory {
    Public,
    Enterprise,
    Personal
}

/// @notice Security classification under the Data Security Law.
enum Classification {
    General,
    Important,
    Core
}

/// @notice Kinds of data product seen on exchanges.
enum ProductType {
    Dataset,
    Api,
    Report,
    Model,
    Service,
    Index
}

/// @notice Lifecycle of a data product.
enum ProductStatus {
    None,
    Registered,
    Certified,
    Listed,
    Delisted,
    Suspended,
    Revoked
}

/// @notice Stored status of a rights certificate. Expiry is not stored: it follows from time.
enum CertificateStatus {
    Active,
    Suspended,
    Revoked,
    Surrendered,
    Superseded
}

/// @notice Answer of the certificate validity view: `Valid`, or the first reason it is not.
enum CertificateValidity {
    Valid,
    Nonexistent,
    Suspended,
    Revoked,
    Surrendered,
    Superseded,
    Expired,
    AncestorInvalid,
    /// @dev The certificate's product was revoked: no right on it stands.
    ProductRevoked
}

/// @notice Kinds of third-party assessment an accredited assessor can record.
enum AssessmentKind {
    LegalCompliance,
    SecurityRisk,
    Quality,
    AssetValuation,
    PersonalInfoProtection,
    CrossBorderSecurity,
    PriceEvaluation
}

/// @notice Lifecycle of an objection (异议) lodged against a product or a certificate.
enum ObjectionStatus {
    None,
    Open,
    Upheld,
    Dismissed
}

/// @notice Which product attribute an assessment requirement is attached to.
enum RequirementScope {
    Base,
    PersonalInformation,
    SourceCategory,
    Classification,
    ProductType
}

/// @notice The accreditation record of a market entity.
/// @dev The first seven fields share one storage slot so an accreditation check is one read.
struct Participant {
    ParticipantStatus status;
    /// @dev Bit set of `ParticipantKinds` flags.
    uint8 kinds;
    /// @dev Bit set of `1 << uint8(AssessmentKind)`: the kinds an assessor is accredited for.
    uint16 assessmentKinds;
    /// @dev ISO 3166-1 alpha-2 code, e.g. "CN", "HK".
    bytes2 jurisdiction;
    uint40 accreditedUntil;
    uint40 updatedAt;
    /// @dev Every deal the participant signed with a lower nonce is void (Permit2's nonce
    /// floor): a key-compromise control, kept with the identity it belongs to and read with
    /// the accreditation a trade checks anyway.
    uint64 nonceFloor;
    bytes32 dossierHash;
}

/// @notice What a provider submits to register a data product.
struct ProductRegistration {
    /// @dev Fingerprint (SHA-256 or keccak256) of the product's manifest or file.
    bytes32 contentHash;
    /// @dev Hash of the provider's declaration of the data's origin (Data Security Law art. 33).
    bytes32 originDeclarationHash;
    /// @dev SHA-256 of the canonical JSON of the product's public description document (name,
    /// summary, use cases, sample, delivery and bidding modalities); zero when there is none.
    /// Each version registers its own.
    bytes32 descriptionHash;
    ProductType productType;
    SourceCategory sourceCategory;
    Classification classification;
    bool containsPersonalInfo;
    string metadataURI;
    /// @dev Products this one was derived from: the edges of its lineage.
    ProductId[] sources;
    /// @dev For each source, the provider's ProcessingUse or ResourceHolding certificate on it.
    uint256[] sourceCertificates;
}

/// @notice A registered data product.
/// @dev The first slot holds everything the other contracts check on their hot paths.
struct Product {
    address provider;
    ProductType productType;
    SourceCategory sourceCategory;
    Classification classification;
    ProductStatus status;
    /// @dev Status to restore when a suspension is lifted.
    ProductStatus statusBeforeSuspension;
    bool containsPersonalInfo;
    /// @dev Objections lodged and not yet resolved: any open objection freezes the product.
    uint16 openObjections;
    /// @dev The provider's jurisdiction when the product was registered.
    bytes2 jurisdiction;
    /// @dev Number of sources (at most MAX_SOURCES): kept in the first slot, so a trade of a
    /// product without sources learns it has no lineage edge to check from a slot already read.
    uint8 sourceCount;
    uint40 registeredAt;
    ProductId previousVersion;
    ProductId supersededBy;
    bytes32 contentHash;
    bytes32 originDeclarationHash;
    /// @dev SHA-256 of the canonical JSON of the product's description document; zero when none.
    /// Kept after the hashes a trade reads, so `marketState`'s slots do not move.
    bytes32 descriptionHash;
    string metadataURI;
}

/// @notice A rights certificate, as returned by the certificate registry's getter.
struct Certificate {
    ProductId productId;
    RightCategory category;
    CertificateStatus status;
    uint40 issuedAt;
    uint40 expiresAt;
    /// @dev Certificate this one was licensed (derived) out of; 0 for an initial registration.
    uint256 parentId;
    /// @dev Certificate this one replaced by transfer or change; 0 if none.
    uint256 predecessorId;
    /// @dev Certificate that replaced this one; 0 if none.
    uint256 successorId;
    address holder;
    address issuer;
    /// @dev Financier holding this certificate as a pledge; zero when unpledged.
    address pledgee;
    uint16 openObjections;
    bytes32 scopeHash;
    bytes32 evidenceHash;
    /// @dev Trade of the issuing ledger that granted this licence; 0 if none. Its scope and
    /// evidence are that trade's deal digest and delivery hash.
    uint256 tradeId;
    /// @dev Confirmed trades sold from this certificate and not yet closed: each has a licence
    /// reserved, so the certificate cannot be surrendered, reissued or amended until they close.
    uint16 openTrades;
}

/// @notice A third-party assessor's finding on a product.
struct Assessment {
    address assessor;
    ProductId productId;
    AssessmentKind kind;
    bool passed;
    bool revoked;
    uint40 issuedAt;
    uint40 expiresAt;
    /// @dev The assessment of the same product and kind recorded before this one; 0 if none.
    uint64 previousId;
    bytes32 reportHash;
}

/// @notice The finding an assessor records or signs.
struct AssessmentInput {
    ProductId productId;
    AssessmentKind kind;
    bool passed;
    uint40 expiresAt;
    bytes32 reportHash;
}

/// @notice An objection (异议) against a product or a certificate of the contract that holds it.
struct Objection {
    address claimant;
    ObjectionStatus status;
    uint40 lodgedAt;
    uint40 resolvedAt;
    uint256 targetId;
    bytes32 claimHash;
    bytes32 resolutionHash;
}

/// @notice How a reference price was set (the exchange's listing steps iii–iv), or none.
enum PricingMethod {
    Negotiable,
    Cost,
    Income,
    Market
}

/// @notice A listing's reference price; `Negotiable` carries no amount.
struct ReferencePrice {
    /// @dev Amount in the currency's minor units (fen for CNY).
    uint128 amount;
    /// @dev ISO 4217 code, e.g. "CNY".
    bytes3 currency;
    PricingMethod method;
    uint40 setAt;
    /// @dev The Registrar or the PriceEvaluation assessor who proposed it; the provider confirmed it.
    address proposedBy;
}

/// @notice A Certified product's offer on the exchange.
struct Listing {
    /// @dev The right buyers receive: ProcessingUse, or ProductOperation for resellers.
    RightCategory rightOffered;
    /// @dev Longest licence a trade may grant, in seconds from confirmation.
    uint40 licenceDuration;
    uint40 listedAt;
    /// @dev ISO 3166-1 alpha-2 codes of the jurisdictions buyers may be in.
    bytes2[] permittedJurisdictions;
    ReferencePrice price;
    /// @dev Awaiting the provider's confirmation; `setAt` is zero when there is none.
    ReferencePrice proposedPrice;
}

/// @notice Lifecycle of a trade.
enum TradeStatus {
    None,
    Confirmed,
    Delivered,
    Completed,
    Disputed,
    Annulled,
    Cancelled
}

/// @notice The deal both parties sign (EIP-712) and the Registrar confirms.
struct Deal {
    ProductId productId;
    /// @dev The product's content hash the parties traded at; must equal the registered one.
    bytes32 contentHash;
    address seller;
    address buyer;
    /// @dev Data dealer acting for a party; zero when none.
    address broker;
    /// @dev The seller's ResourceHolding or ProductOperation certificate the licence derives from.
    uint256 sellerCertificateId;
    RightCategory rightGranted;
    /// @dev Public price: amount in minor units and ISO 4217 code, with a zero commitment.
    uint128 priceAmount;
    bytes3 currency;
    /// @dev Confidential price: keccak256(abi.encode(amount, currency, salt)), amount and currency zero.
    bytes32 priceCommitment;
    bytes32 termsHash;
    bytes32 purposeHash;
    uint40 licenceExpiresAt;
    bool crossBorder;
    uint256 nonce;
    uint256 deadline;
}

/// @notice A trade as stored. The full deal is in the TradeConfirmed event; its EIP-712 digest is
/// the evidence hash of the certificate the trade grants.
struct Trade {
    ProductId productId;
    address seller;
    address buyer;
    RightCategory rightGranted;
    TradeStatus status;
    /// @dev The status a dispute interrupted.
    TradeStatus statusBeforeDispute;
    bool crossBorder;
    bool sellerCancelled;
    bool buyerCancelled;
    uint40 licenceExpiresAt;
    uint256 sellerCertificateId;
    /// @dev The certificate minted to the buyer on completion; 0 before.
    uint256 buyerCertificateId;
    bytes32 dealDigest;
    bytes32 deliveryHash;
    bytes32 paymentReference;
}
