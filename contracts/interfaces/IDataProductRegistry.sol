// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IObjectionBook} from "./IObjectionBook.sol";
import {IRightsCertificate} from "./IRightsCertificate.sol";
import {IAssessmentRegistry} from "./IAssessmentRegistry.sol";
import {
    ProductId,
    Product,
    ProductRegistration,
    ProductStatus,
    Classification,
    CertificateValidity,
    RightCategory,
    ProductType,
    SourceCategory
} from "../types/DataRightsTypes.sol";

/// @title IDataProductRegistry
/// @notice Register of data products: their fingerprints, classification, versions and lineage
/// (the DAG of products each was derived from), and their status from registration to listing.
/// @dev Registration enforces the derivation rule: the provider must hold, at that moment, a
/// valid ProcessingUse or ResourceHolding certificate on every source.
interface IDataProductRegistry is IObjectionBook {
    /// @notice `provider`, of `jurisdiction`, registered product `productId` as described by
    /// `registration`, whose sources are the lineage edges and sourceCertificates the provider's
    /// rights on them, index by index. `previousVersion` is 0 unless this is a new version.
    /// `registration.descriptionHash` fingerprints the product's public description document
    /// (zero when none): the document itself lives off-chain, content-addressed by that hash.
    event ProductRegistered(
        ProductId indexed productId,
        address indexed provider,
        ProductId indexed previousVersion,
        bytes2 jurisdiction,
        ProductRegistration registration
    );

    /// @notice Product `productId` was superseded by its new version `newVersion`.
    event ProductSuperseded(ProductId indexed productId, ProductId indexed newVersion);

    /// @notice The status of `productId` changed; `reasonHash` is zero when no reason was given.
    event ProductStatusChanged(
        ProductId indexed productId, ProductStatus previousStatus, ProductStatus status, bytes32 reasonHash
    );

    /// @notice The certificate and assessment registries were linked, once, at deployment.
    event ModulesLinked(IRightsCertificate certificates, IAssessmentRegistry assessments);

    /// @notice No product has id `productId`.
    error DataProductUnknown(ProductId productId);
    /// @notice `account` is not an active accredited Provider.
    error DataProductProviderNotAccredited(address account);
    /// @notice `account` is not the provider of `productId`.
    error DataProductNotProvider(ProductId productId, address account);
    /// @notice The content hash or the origin declaration hash is zero.
    error DataProductMissingHash();
    /// @notice `sources` and `sourceCertificates` differ in length, or exceed the limit.
    error DataProductInvalidSources(uint256 sources, uint256 sourceCertificates);
    /// @notice `source` appears twice in the sources, or is the new version's own predecessor.
    error DataProductDuplicateSource(ProductId source);
    /// @notice Source `source` is suspended, revoked, or frozen by an open objection.
    error DataProductSourceUnavailable(ProductId source);
    /// @notice Certificate `certificateId` does not authorise deriving from `source`. It carries
    /// what tells its four causes apart: it is on another product (`certificateProduct`), it is a
    /// ProductOperation right (`category`), it is held by an account other than the registering
    /// provider (`holder`), or it is not valid (`validity`; Nonexistent, with the rest zero, for
    /// an unknown id).
    error DataProductMissingSourceRight(
        ProductId source,
        uint256 certificateId,
        address holder,
        ProductId certificateProduct,
        RightCategory category,
        CertificateValidity validity
    );
    /// @notice The action is not allowed while `productId` has status `status`.
    error DataProductInvalidStatus(ProductId productId, ProductStatus status);
    /// @notice `productId` was superseded by a newer version.
    error DataProductSuperseded(ProductId productId);
    /// @notice `productId` is frozen by an open objection.
    error DataProductFrozen(ProductId productId);
    /// @notice `productId` does not meet the assessment policy: `missingKinds` is the bit set
    /// (`1 << AssessmentKind`) of the required kinds without a passed, unexpired, unrevoked
    /// assessment by an assessor accredited for the kind.
    error DataProductPolicyNotMet(ProductId productId, uint16 missingKinds);
    /// @notice `productId` is classified Core and can never be certified or listed.
    error DataProductCoreNotListable(ProductId productId);
    /// @notice The edge of `productId` from `source` no longer stands: the provider's certificate
    /// `certificateId` on the source is `validity`.
    error DataProductLineageBroken(ProductId productId, ProductId source, uint256 certificateId, CertificateValidity validity);
    /// @notice The modules were already linked, or an address given is zero.
    error DataProductModulesLinked();
    /// @notice The modules are not linked yet.
    error DataProductModulesNotLinked();

    /// @notice Links, once and as the Admin, the certificate and assessment registries, which
    /// are deployed after this one because they read it.
    function linkModules(IRightsCertificate certificates, IAssessmentRegistry assessments) external;

    /// @notice Registers, as an accredited Provider, a new data product.
    /// @return productId Sequential id of the product, from 1.
    function register(ProductRegistration calldata registration) external returns (ProductId productId);

    /// @notice Registers, as its provider, a new version of `previousVersion`, which is superseded
    /// (and delisted if listed). The new version starts Registered and needs its own assessments.
    function registerVersion(ProductId previousVersion, ProductRegistration calldata registration)
        external
        returns (ProductId productId);

    /// @notice Certifies, as the Registrar, a Registered product that meets the assessment policy.
    /// Core products are never certified; frozen ones are not.
    function certify(ProductId productId) external;

    /// @notice Lists, as the ListingBook (MARKET_ROLE) only, a certified product that still meets
    /// the policy and whose lineage stands, once its listing terms are set: nothing else can
    /// leave a product Listed with no terms. Core products are never listable; frozen and
    /// superseded ones are not.
    function list(ProductId productId) external;

    /// @notice Delists a Listed product, as the Registrar, the ListingBook or the product's provider.
    function delist(ProductId productId) external;

    /// @notice Suspends, as the Registrar, a product; `reinstate` restores its former status.
    function suspend(ProductId productId, bytes32 reasonHash) external;

    /// @notice Lifts, as the Registrar, a product's suspension. The product returns to its former
    /// status only as far as it still qualifies: Registered when it no longer meets the
    /// assessment policy, Delisted instead of Listed while it is frozen or its lineage is broken.
    function reinstate(ProductId productId, bytes32 reasonHash) external;

    /// @notice Revokes, as the Registrar, a product for good.
    function revoke(ProductId productId, bytes32 reasonHash) external;

    /// @notice The full record of `productId`.
    function product(ProductId productId) external view returns (Product memory);

    /// @notice The hot fields of `productId` other contracts check, in one storage read.
    /// @return provider Zero when the product does not exist.
    function productState(ProductId productId)
        external
        view
        returns (address provider, ProductStatus status, Classification classification, bool frozen);

    /// @notice What a trade checks about `productId`, in two storage reads; `sourceCount` says
    /// whether it has lineage edges to check (`brokenEdge`).
    function marketState(ProductId productId)
        external
        view
        returns (ProductStatus status, bool frozen, bytes2 jurisdiction, bytes32 contentHash, uint256 sourceCount);

    /// @notice The attributes the assessment policy reads, in one storage read.
    function profileOf(ProductId productId)
        external
        view
        returns (
            ProductType productType,
            SourceCategory sourceCategory,
            Classification classification,
            bool containsPersonalInfo
        );

    /// @notice The first direct source of `productId` whose edge no longer stands: the provider's
    /// certificate on it is not valid now. All zero (and `Valid`) when every edge stands.
    /// @dev Direct edges only, each with its certificate's own ancestor chain: deeper lineage is
    /// walked off-chain by `datarights verify`, which bounded gas cannot do here.
    function brokenEdge(ProductId productId)
        external
        view
        returns (ProductId source, uint256 certificateId, CertificateValidity validity);

    /// @notice The products `productId` was derived from.
    function sourcesOf(ProductId productId) external view returns (ProductId[] memory);

    /// @notice For each source of `productId`, the certificate that authorised the derivation.
    function sourceCertificatesOf(ProductId productId) external view returns (uint256[] memory);

    /// @notice Number of products ever registered; ids run from 1 to this.
    function productCount() external view returns (uint256);

    /// @notice True when `productId` reached certification, is Certified, Listed or Delisted,
    /// and meets the assessment policy now (assessments expire, so this can turn false by itself).
    function isCertified(ProductId productId) external view returns (bool);

    /// @notice The registration number of `productId`, e.g. "SZDE-DP-00000042".
    function registrationNumber(ProductId productId) external view returns (string memory);

    /// @notice The certificate registry linked at deployment.
    function certificates() external view returns (IRightsCertificate);

    /// @notice The assessment registry linked at deployment.
    function assessments() external view returns (IAssessmentRegistry);
}
