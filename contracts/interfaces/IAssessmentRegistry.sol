// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {
    ProductId, Assessment, AssessmentInput, AssessmentKind, RequirementScope
} from "../types/DataRightsTypes.sol";

/// @title IAssessmentRegistry
/// @notice Findings of accredited third-party assessors on data products, recorded directly or
/// through an EIP-712 signature submitted by anyone (assessors need not run a node), and the
/// exchange's policy of which kinds a product needs before it can be certified.
interface IAssessmentRegistry {
    /// @notice `assessor` recorded `assessmentId` on `productId`; `previousId` is the finding of
    /// the same product and kind it supersedes (0 if none).
    event AssessmentRecorded(
        uint256 indexed assessmentId,
        ProductId indexed productId,
        address indexed assessor,
        AssessmentKind kind,
        bool passed,
        uint40 expiresAt,
        bytes32 reportHash,
        uint256 previousId
    );

    /// @notice `revokedBy` (its assessor or the Registrar) revoked `assessmentId`.
    event AssessmentRevoked(
        uint256 indexed assessmentId, ProductId indexed productId, address indexed revokedBy, bytes32 reasonHash
    );

    /// @notice The Admin set the kinds required of products whose `scope` attribute is `value`.
    /// @param kindsMask Bit set of `1 << AssessmentKind`.
    event AssessmentRequirementSet(RequirementScope indexed scope, uint8 indexed value, uint16 kindsMask);

    /// @notice The registry holds 2^40 - 1 assessments, the most its packed records can number.
    error AssessmentRegistryFull();
    /// @notice No assessment has id `assessmentId`.
    error AssessmentUnknown(uint256 assessmentId);
    /// @notice `assessor` is not accredited for assessments of kind `kind`.
    error AssessmentAssessorNotAccredited(address assessor, AssessmentKind kind);
    /// @notice `assessor` provides `productId` and may not assess it.
    error AssessmentConflictOfInterest(address assessor, ProductId productId);
    /// @notice `productId` does not exist or is revoked.
    error AssessmentProductUnavailable(ProductId productId);
    /// @notice `expiresAt` is not in the future.
    error AssessmentInvalidExpiry(uint40 expiresAt);
    /// @notice The report hash is zero.
    error AssessmentMissingReport();
    /// @notice The signature's deadline `deadline` has passed.
    error AssessmentExpiredSignature(uint256 deadline);
    /// @notice The signature was not made by `assessor` over this finding, nonce and deadline.
    error AssessmentInvalidSigner(address signer, address assessor);
    /// @notice `assessmentId` is already revoked.
    error AssessmentAlreadyRevoked(uint256 assessmentId);
    /// @notice `account` is neither the assessor of `assessmentId` nor the Registrar.
    error AssessmentUnauthorizedRevoker(uint256 assessmentId, address account);
    /// @notice `value` is not a value of the attribute `scope`, or `kindsMask` names undefined kinds.
    error AssessmentInvalidRequirement(RequirementScope scope, uint8 value, uint16 kindsMask);

    /// @notice Records, as an accredited assessor, a finding.
    /// @return assessmentId Sequential id, from 1.
    function record(AssessmentInput calldata finding) external returns (uint256 assessmentId);

    /// @notice Records a finding signed off-chain by `assessor` (EIP-712 `Assessment` struct,
    /// see ASSESSMENT_TYPEHASH); anyone may submit it. The assessor's nonce is consumed. An
    /// assessor that is a contract (a multisig) signs through ERC-1271.
    function recordBySig(
        address assessor,
        AssessmentInput calldata finding,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 assessmentId);

    /// @notice Revokes `assessmentId`, as its assessor or the Registrar.
    function revoke(uint256 assessmentId, bytes32 reasonHash) external;

    /// @notice Sets, as the Admin, the kinds required of products whose `scope` attribute equals
    /// `value` (ignored for `Base`; 0 or 1 for `PersonalInformation`; the enum value otherwise).
    function setRequirement(RequirementScope scope, uint8 value, uint16 kindsMask) external;

    /// @notice The assessment with id `assessmentId`.
    function assessment(uint256 assessmentId) external view returns (Assessment memory);

    /// @notice The latest finding of `kind` on `productId`; 0 if none.
    function latestAssessment(ProductId productId, AssessmentKind kind) external view returns (uint256);

    /// @notice Number of assessments ever recorded.
    function assessmentCount() external view returns (uint256);

    /// @notice Number of assessors that have recorded a finding here, or in the deployments this one carries on.
    function assessorCount() external view returns (uint256);

    /// @notice The kinds required of products whose `scope` attribute equals `value`.
    function requirement(RequirementScope scope, uint8 value) external view returns (uint16 kindsMask);

    /// @notice Every kind `productId` needs before certification, as a bit set.
    function requiredKinds(ProductId productId) external view returns (uint16 kindsMask);

    /// @notice True when the latest finding of `kind` on `productId` passed, is unexpired and
    /// unrevoked, and its assessor is still accredited for that kind.
    function isKindSatisfied(ProductId productId, AssessmentKind kind) external view returns (bool);

    /// @notice True when every required kind of `productId` is satisfied now.
    function meetsPolicy(ProductId productId) external view returns (bool);

    /// @notice The required kinds of `productId` not satisfied now, as a bit set; 0 when the
    /// product meets the policy.
    function missingKinds(ProductId productId) external view returns (uint16 kindsMask);

    /// @notice EIP-712 type hash of a signed finding.
    // solhint-disable-next-line func-name-mixedcase
    function ASSESSMENT_TYPEHASH() external view returns (bytes32);

    /// @notice The next nonce `assessor` must sign.
    function nonces(address assessor) external view returns (uint256);
}
