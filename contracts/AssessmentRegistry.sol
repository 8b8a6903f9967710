// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IAssessmentRegistry} from "./interfaces/IAssessmentRegistry.sol";
import {IDataProductRegistry} from "./interfaces/IDataProductRegistry.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {ExchangeRoles} from "./libraries/ExchangeRoles.sol";
import {ExchangeGated} from "./utils/ExchangeGated.sol";
import {
    ProductId,
    Product,
    ProductStatus,
    Classification,
    SourceCategory,
    ProductType,
    Assessment,
    AssessmentInput,
    AssessmentKind,
    RequirementScope
} from "./types/DataRightsTypes.sol";

/// @title AssessmentRegistry
/// @notice Third-party assessments of data products and the exchange's certification policy.
contract AssessmentRegistry is IAssessmentRegistry, ExchangeGated, EIP712, Nonces {
    /// @inheritdoc IAssessmentRegistry
    bytes32 public constant ASSESSMENT_TYPEHASH = keccak256(
        "Assessment(address assessor,uint64 productId,uint8 kind,bool passed,uint40 expiresAt,bytes32 reportHash,"
        "uint256 nonce,uint256 deadline)"
    );

    uint16 private constant _ALL_KINDS = uint16((1 << (uint8(type(AssessmentKind).max) + 1)) - 1);

    /// @dev A finding, unpacked. Stored as one packed word (see `_store`) plus its report hash:
    /// assessors are few, so the assessor is a 1-based index into `_assessors`, which makes the
    /// whole record fit one slot and a finding cost two fresh slots instead of three.
    struct Record {
        uint32 assessorIndex;
        ProductId productId;
        AssessmentKind kind;
        bool passed;
        bool revoked;
        uint40 expiresAt;
        uint40 issuedAt;
        uint48 previousId;
    }

    IDataProductRegistry private immutable _products;

    mapping(uint256 assessmentId => uint256 packedRecord) private _records;
    mapping(uint256 assessmentId => bytes32) private _reportHashes;
    mapping(ProductId productId => mapping(AssessmentKind kind => uint48 assessmentId)) private _latest;
    mapping(RequirementScope scope => mapping(uint8 value => uint16 kindsMask)) private _requirements;
    address[] private _assessors;
    mapping(address assessor => uint32) private _assessorIndexes;
    uint48 private _assessmentCount;

    constructor(IParticipantRegistry participants_, IDataProductRegistry products_)
        ExchangeGated(participants_)
        EIP712("datarights AssessmentRegistry", "1")
    {
        _products = products_;
        // DOMAIN.md defaults: every product needs LegalCompliance and Quality; Personal-source or
        // personal-information products add PersonalInfoProtection; Important ones SecurityRisk.
        _setRequirement(RequirementScope.Base, 0, _bit(AssessmentKind.LegalCompliance) | _bit(AssessmentKind.Quality));
        _setRequirement(RequirementScope.PersonalInformation, 1, _bit(AssessmentKind.PersonalInfoProtection));
        _setRequirement(
            RequirementScope.SourceCategory,
            uint8(SourceCategory.Personal),
            _bit(AssessmentKind.PersonalInfoProtection)
        );
        _setRequirement(
            RequirementScope.Classification, uint8(Classification.Important), _bit(AssessmentKind.SecurityRisk)
        );
    }

    /// @inheritdoc IAssessmentRegistry
    function record(AssessmentInput calldata finding) external returns (uint256) {
        return _record(msg.sender, finding);
    }

    /// @inheritdoc IAssessmentRegistry
    function recordBySig(
        address assessor,
        AssessmentInput calldata finding,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256) {
        if (block.timestamp > deadline) revert AssessmentExpiredSignature(deadline);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(
                    ASSESSMENT_TYPEHASH,
                    assessor,
                    finding.productId,
                    finding.kind,
                    finding.passed,
                    finding.expiresAt,
                    finding.reportHash,
                    nonce,
                    deadline
                )
            )
        );
        // ECDSA.recover rejects malleable (high-s) signatures and reverts on malformed ones.
        address signer = ECDSA.recover(digest, signature);
        if (signer != assessor) revert AssessmentInvalidSigner(signer, assessor);
        _useCheckedNonce(assessor, nonce);
        return _record(assessor, finding);
    }

    /// @inheritdoc IAssessmentRegistry
    function revoke(uint256 assessmentId, bytes32 reasonHash) external {
        Record memory entry = _existing(assessmentId);
        if (entry.revoked) revert AssessmentAlreadyRevoked(assessmentId);
        if (_assessors[entry.assessorIndex - 1] != msg.sender && !_isRegistrar(msg.sender)) {
            revert AssessmentUnauthorizedRevoker(assessmentId, msg.sender);
        }
        entry.revoked = true;
        _store(assessmentId, entry);
        emit AssessmentRevoked(assessmentId, entry.productId, msg.sender, reasonHash);
    }

    /// @inheritdoc IAssessmentRegistry
    function setRequirement(RequirementScope scope, uint8 value, uint16 kindsMask)
        external
        onlyExchangeRole(ExchangeRoles.DEFAULT_ADMIN_ROLE)
    {
        _setRequirement(scope, value, kindsMask);
    }

    /// @inheritdoc IAssessmentRegistry
    function assessment(uint256 assessmentId) external view returns (Assessment memory) {
        Record memory entry = _existing(assessmentId);
        return Assessment({
            assessor: _assessors[entry.assessorIndex - 1],
            productId: entry.productId,
            kind: entry.kind,
            passed: entry.passed,
            revoked: entry.revoked,
            issuedAt: entry.issuedAt,
            expiresAt: entry.expiresAt,
            previousId: entry.previousId,
            reportHash: _reportHashes[assessmentId]
        });
    }

    /// @inheritdoc IAssessmentRegistry
    function latestAssessment(ProductId productId, AssessmentKind kind) external view returns (uint256) {
        return _latest[productId][kind];
    }

    /// @inheritdoc IAssessmentRegistry
    function assessmentCount() external view returns (uint256) {
        return _assessmentCount;
    }

    /// @inheritdoc IAssessmentRegistry
    function requirement(RequirementScope scope, uint8 value) external view returns (uint16) {
        return _requirements[scope][value];
    }

    /// @inheritdoc IAssessmentRegistry
    function requiredKinds(ProductId productId) public view returns (uint16 kindsMask) {
        Product memory item = _products.product(productId);
        kindsMask = _requirements[RequirementScope.Base][0]
            | _requirements[RequirementScope.PersonalInformation][item.containsPersonalInfo ? 1 : 0]
            | _requirements[RequirementScope.SourceCategory][uint8(item.sourceCategory)]
            | _requirements[RequirementScope.Classification][uint8(item.classification)]
            | _requirements[RequirementScope.ProductType][uint8(item.productType)];
    }

    /// @inheritdoc IAssessmentRegistry
    function isKindSatisfied(ProductId productId, AssessmentKind kind) public view returns (bool) {
        Record memory entry = _load(_latest[productId][kind]);
        return entry.passed && !entry.revoked && entry.expiresAt > _now()
            && _participants.isAccreditedAssessor(_assessors[entry.assessorIndex - 1], kind);
    }

    /// @inheritdoc IAssessmentRegistry
    function meetsPolicy(ProductId productId) external view returns (bool) {
        uint16 required = requiredKinds(productId);
        for (uint8 kind = 0; kind <= uint8(type(AssessmentKind).max); ++kind) {
            if (required & (uint16(1) << kind) != 0 && !isKindSatisfied(productId, AssessmentKind(kind))) return false;
        }
        return true;
    }

    /// @inheritdoc IAssessmentRegistry
    function nonces(address assessor) public view override(IAssessmentRegistry, Nonces) returns (uint256) {
        return super.nonces(assessor);
    }

    function _record(address assessor, AssessmentInput calldata finding) private returns (uint256 assessmentId) {
        ProductId productId = finding.productId;
        AssessmentKind kind = finding.kind;
        if (!_participants.isAccreditedAssessor(assessor, kind)) revert AssessmentAssessorNotAccredited(assessor, kind);
        (address provider, ProductStatus status,,) = _products.productState(productId);
        if (provider == address(0) || status == ProductStatus.Revoked) revert AssessmentProductUnavailable(productId);
        if (provider == assessor) revert AssessmentConflictOfInterest(assessor, productId);
        uint40 issuedAt = _now();
        if (finding.expiresAt <= issuedAt) revert AssessmentInvalidExpiry(finding.expiresAt);
        if (finding.reportHash == bytes32(0)) revert AssessmentMissingReport();

        uint48 id = ++_assessmentCount;
        uint48 previousId = _latest[productId][kind];
        _store(
            id,
            Record({
                assessorIndex: _assessorIndexOf(assessor),
                productId: productId,
                kind: kind,
                passed: finding.passed,
                revoked: false,
                expiresAt: finding.expiresAt,
                issuedAt: issuedAt,
                previousId: previousId
            })
        );
        _reportHashes[id] = finding.reportHash;
        _latest[productId][kind] = id;
        assessmentId = id;
        emit AssessmentRecorded(
            assessmentId, productId, assessor, kind, finding.passed, finding.expiresAt, finding.reportHash, previousId
        );
    }

    function _setRequirement(RequirementScope scope, uint8 value, uint16 kindsMask) private {
        if (value > _maxValue(scope) || kindsMask & ~_ALL_KINDS != 0) {
            revert AssessmentInvalidRequirement(scope, value, kindsMask);
        }
        _requirements[scope][value] = kindsMask;
        emit AssessmentRequirementSet(scope, value, kindsMask);
    }

    function _maxValue(RequirementScope scope) private pure returns (uint8) {
        if (scope == RequirementScope.Base) return 0;
        if (scope == RequirementScope.PersonalInformation) return 1;
        if (scope == RequirementScope.SourceCategory) return uint8(type(SourceCategory).max);
        if (scope == RequirementScope.Classification) return uint8(type(Classification).max);
        return uint8(type(ProductType).max);
    }

    function _existing(uint256 assessmentId) private view returns (Record memory entry) {
        entry = _load(assessmentId);
        if (entry.assessorIndex == 0) revert AssessmentUnknown(assessmentId);
    }

    function _assessorIndexOf(address assessor) private returns (uint32 index) {
        index = _assessorIndexes[assessor];
        if (index == 0) {
            _assessors.push(assessor);
            index = uint32(_assessors.length);
            _assessorIndexes[assessor] = index;
        }
    }

    /// @dev Bit layout, low to high: assessorIndex 32 | productId 64 | kind 8 | passed 8 |
    /// revoked 8 | expiresAt 40 | issuedAt 40 | previousId 48. One SSTORE instead of one per field.
    function _store(uint256 assessmentId, Record memory entry) private {
        _records[assessmentId] = uint256(entry.assessorIndex) | (uint256(ProductId.unwrap(entry.productId)) << 32)
            | (uint256(entry.kind) << 96) | (_flag(entry.passed) << 104) | (_flag(entry.revoked) << 112)
            | (uint256(entry.expiresAt) << 120) | (uint256(entry.issuedAt) << 160) | (uint256(entry.previousId) << 200);
    }

    /// @dev An id with no record (0 included) loads as all zeros: assessorIndex 0, not passed.
    function _load(uint256 assessmentId) private view returns (Record memory entry) {
        uint256 word = _records[assessmentId];
        entry.assessorIndex = uint32(word);
        entry.productId = ProductId.wrap(uint64(word >> 32));
        entry.kind = AssessmentKind(uint8(word >> 96));
        entry.passed = uint8(word >> 104) != 0;
        entry.revoked = uint8(word >> 112) != 0;
        entry.expiresAt = uint40(word >> 120);
        entry.issuedAt = uint40(word >> 160);
        entry.previousId = uint48(word >> 200);
    }

    function _flag(bool value) private pure returns (uint256) {
        return value ? 1 : 0;
    }

    function _bit(AssessmentKind kind) private pure returns (uint16) {
        return uint16(1) << uint8(kind);
    }
}
