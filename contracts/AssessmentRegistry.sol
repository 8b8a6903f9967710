// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IAssessmentRegistry} from "./interfaces/IAssessmentRegistry.sol";
import {IDataProductRegistry} from "./interfaces/IDataProductRegistry.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {ExchangeRoles} from "./libraries/ExchangeRoles.sol";
import {Signatures} from "./libraries/Signatures.sol";
import {ExchangeGated} from "./utils/ExchangeGated.sol";
import {RecordMigration} from "./utils/RecordMigration.sol";
import {
    ProductId,
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
contract AssessmentRegistry is IAssessmentRegistry, ExchangeGated, EIP712, Nonces, RecordMigration {
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

    /// @dev The latest finding of a product and kind, unpacked.
    struct Latest {
        uint40 assessmentId;
        address assessor;
        bool passed;
        bool revoked;
        uint40 expiresAt;
    }

    IDataProductRegistry private immutable _products;

    mapping(uint256 assessmentId => uint256 packedRecord) private _records;
    mapping(uint256 assessmentId => bytes32) private _reportHashes;
    /// @dev The latest finding of each product and kind, with the facts the policy check needs
    /// (see `_storeLatest`): checking a kind then reads one slot here instead of three.
    mapping(ProductId productId => mapping(AssessmentKind kind => uint256 packedLatest)) private _latest;
    /// @dev The whole certification policy in one word, so a trade's check of it is one read:
    /// 15 masks of 16 bits, one per (scope, value), at `_policySlot(scope, value)`.
    uint256 private _policy;
    /// @dev Assessors by 1-based index: a mapping, not an array, so a read pays no length check.
    mapping(uint32 index => address assessor) private _assessors;
    mapping(address assessor => uint32) private _assessorIndexes;
    uint32 private _assessorCount;
    uint48 private _assessmentCount;
    /// @dev The seal (see RecordMigration) and the wait for the first import, beside the counts every finding reads.
    bool private _sealedFlag;
    bool private _awaitingCarryFlag;
    /// @dev Findings and assessors of the predecessor deployment: ids up to these are carried over.
    uint256 private _carriedAssessments;
    uint256 private _carriedAssessors;

    /// @param predecessor_ The predecessor deployment's assessment registry, zero for the first one.
    constructor(IParticipantRegistry participants_, IDataProductRegistry products_, address predecessor_)
        ExchangeGated(participants_)
        EIP712("datarights AssessmentRegistry", "1")
        RecordMigration(predecessor_)
    {
        _products = products_;
        _carriedAssessments = _predecessorCount(IAssessmentRegistry.assessmentCount.selector);
        _carriedAssessors = _predecessorCount(IAssessmentRegistry.assessorCount.selector);
        _assessmentCount = uint48(_carriedAssessments);
        _assessorCount = uint32(_carriedAssessors);
        _awaitingCarryFlag = predecessor_ != address(0);
        // docs/domain.md defaults: every product needs LegalCompliance and Quality; Personal-source or
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
    function record(AssessmentInput calldata finding) external whenNotSealed returns (uint256) {
        return _record(msg.sender, finding);
    }

    /// @inheritdoc IAssessmentRegistry
    function recordBySig(
        address assessor,
        AssessmentInput calldata finding,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external whenNotSealed returns (uint256) {
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
        // An EOA's signature, or a contract assessor's (ERC-1271).
        (bool valid, address signer) = Signatures.check(assessor, digest, signature);
        if (!valid) revert AssessmentInvalidSigner(signer, assessor);
        _useCheckedNonce(assessor, nonce);
        return _record(assessor, finding);
    }

    /// @inheritdoc IAssessmentRegistry
    function revoke(uint256 assessmentId, bytes32 reasonHash) external whenNotSealed {
        Record memory entry = _existing(assessmentId);
        if (entry.revoked) revert AssessmentAlreadyRevoked(assessmentId);
        if (!_callerIs(_assessors[entry.assessorIndex]) && !_isRegistrar(msg.sender)) {
            revert AssessmentUnauthorizedRevoker(assessmentId, msg.sender);
        }
        entry.revoked = true;
        _store(assessmentId, entry);
        Latest memory latest = _loadLatest(entry.productId, entry.kind);
        if (latest.assessmentId == assessmentId) {
            latest.revoked = true;
            _storeLatest(entry.productId, entry.kind, latest);
        }
        emit AssessmentRevoked(assessmentId, entry.productId, msg.sender, reasonHash);
    }

    /// @inheritdoc IAssessmentRegistry
    function setRequirement(RequirementScope scope, uint8 value, uint16 kindsMask)
        external
        onlyExchangeRole(ExchangeRoles.DEFAULT_ADMIN_ROLE)
        whenNotSealed
    {
        _setRequirement(scope, value, kindsMask);
    }

    /// @inheritdoc IAssessmentRegistry
    function assessment(uint256 assessmentId) external view returns (Assessment memory) {
        Record memory entry = _existing(assessmentId);
        return Assessment({
            assessor: _assessors[entry.assessorIndex],
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
        return _loadLatest(productId, kind).assessmentId;
    }

    /// @inheritdoc IAssessmentRegistry
    function assessmentCount() external view returns (uint256) {
        return _assessmentCount;
    }

    /// @inheritdoc IAssessmentRegistry
    function assessorCount() external view returns (uint256) {
        return _assessorCount;
    }

    /// @inheritdoc IAssessmentRegistry
    function requirement(RequirementScope scope, uint8 value) external view returns (uint16) {
        if (value > _maxValue(scope)) return 0;
        return _requirementOf(_policy, scope, value);
    }

    /// @inheritdoc IAssessmentRegistry
    function requiredKinds(ProductId productId) public view returns (uint16 kindsMask) {
        (ProductType productType, SourceCategory sourceCategory, Classification classification, bool personal) =
            _products.profileOf(productId);
        uint256 policy = _policy;
        // The masks at `_policySlot` of (Base, 0), (PersonalInformation, personal), (SourceCategory,
        // sourceCategory), (Classification, classification) and (ProductType, productType), each
        // position written out: this runs on every trade, and the decoded enums are in range.
        kindsMask = uint16(policy) | _maskAt(policy, personal ? 2 : 1) | _maskAt(policy, 3 + uint256(sourceCategory))
            | _maskAt(policy, 6 + uint256(classification)) | _maskAt(policy, 9 + uint256(productType));
    }

    /// @inheritdoc IAssessmentRegistry
    function isKindSatisfied(ProductId productId, AssessmentKind kind) public view returns (bool) {
        Latest memory latest = _loadLatest(productId, kind);
        if (!latest.passed || latest.revoked || latest.expiresAt <= _now()) return false;
        // An assessor's key rotation keeps its findings: its current account is asked only when needed.
        return _participants.isAccreditedAssessor(latest.assessor, kind)
            || _participants.isAccreditedAssessor(_participants.currentAccount(latest.assessor), kind);
    }

    /// @inheritdoc IAssessmentRegistry
    function meetsPolicy(ProductId productId) external view returns (bool) {
        return missingKinds(productId) == 0;
    }

    /// @inheritdoc IAssessmentRegistry
    function missingKinds(ProductId productId) public view returns (uint16 kindsMask) {
        // Each required kind, lowest first; `rest` is what remains of the mask above `kind`.
        uint256 rest = requiredKinds(productId);
        for (uint256 kind = 0; rest != 0; kind = _next(kind)) {
            if (rest & 1 != 0 && !isKindSatisfied(productId, AssessmentKind(kind))) kindsMask |= uint16(1 << kind);
            rest >>= 1;
        }
    }

    /// @inheritdoc IAssessmentRegistry
    function nonces(address assessor) public view override(IAssessmentRegistry, Nonces) returns (uint256) {
        return super.nonces(assessor);
    }

    function _record(address assessor, AssessmentInput calldata finding) private returns (uint256 assessmentId) {
        if (_awaitingCarryFlag) revert RecordMigrationAwaitingCarry(predecessor());
        ProductId productId = finding.productId;
        AssessmentKind kind = finding.kind;
        if (!_participants.isAccreditedAssessor(assessor, kind)) revert AssessmentAssessorNotAccredited(assessor, kind);
        (address provider, ProductStatus status,,) = _products.productState(productId);
        if (provider == address(0) || status == ProductStatus.Revoked) revert AssessmentProductUnavailable(productId);
        if (provider == assessor || _participants.currentAccount(provider) == assessor) {
            revert AssessmentConflictOfInterest(assessor, productId);
        }
        uint40 issuedAt = _now();
        if (finding.expiresAt <= issuedAt) revert AssessmentInvalidExpiry(finding.expiresAt);
        if (finding.reportHash == bytes32(0)) revert AssessmentMissingReport();

        uint48 id = ++_assessmentCount;
        uint48 previousId = _loadLatest(productId, kind).assessmentId;
        if (_assessmentCount == type(uint40).max) revert AssessmentRegistryFull();
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
        _storeLatest(productId, kind, Latest(uint40(id), assessor, finding.passed, false, finding.expiresAt));
        assessmentId = id;
        emit AssessmentRecorded(
            assessmentId, productId, assessor, kind, finding.passed, finding.expiresAt, finding.reportHash, previousId
        );
    }

    function _setRequirement(RequirementScope scope, uint8 value, uint16 kindsMask) private {
        if (value > _maxValue(scope) || kindsMask & ~_ALL_KINDS != 0) {
            revert AssessmentInvalidRequirement(scope, value, kindsMask);
        }
        uint256 shift = _policySlot(scope, value) * 16;
        _policy = (_policy & ~(uint256(0xffff) << shift)) | (uint256(kindsMask) << shift);
        emit AssessmentRequirementSet(scope, value, kindsMask);
    }

    function _requirementOf(uint256 policy, RequirementScope scope, uint8 value) private pure returns (uint16) {
        return _maskAt(policy, _policySlot(scope, value));
    }

    /// @dev The mask at position `slot` (< 15) of the policy word.
    function _maskAt(uint256 policy, uint256 slot) private pure returns (uint16) {
        return uint16(policy >> (slot << 4));
    }

    /// @dev `kind + 1`; a kind (< 16) cannot overflow.
    function _next(uint256 kind) private pure returns (uint256) {
        unchecked {
            return kind + 1;
        }
    }

    /// @dev Position of a (scope, value) mask in the policy word: Base 0, PersonalInformation
    /// 1–2, SourceCategory 3–5, Classification 6–8, ProductType 9–14.
    function _policySlot(RequirementScope scope, uint8 value) private pure returns (uint256) {
        if (scope == RequirementScope.Base) return 0;
        if (scope == RequirementScope.PersonalInformation) return 1 + uint256(value);
        if (scope == RequirementScope.SourceCategory) return 3 + uint256(value);
        if (scope == RequirementScope.Classification) return 6 + uint256(value);
        return 9 + uint256(value);
    }

    function _maxValue(RequirementScope scope) private pure returns (uint8) {
        if (scope == RequirementScope.Base) return 0;
        if (scope == RequirementScope.PersonalInformation) return 1;
        if (scope == RequirementScope.SourceCategory) return uint8(type(SourceCategory).max);
        if (scope == RequirementScope.Classification) return uint8(type(Classification).max);
        return uint8(type(ProductType).max);
    }

    /// @dev Table 0: a finding, with the latest-finding word of its product and kind when it is the
    /// latest; table 2: the assessor at a 1-based roster index. The policy is not a record: each
    /// deployment's Admin sets its own (see `setRequirement`).
    function _exportRecord(uint8 table, uint256 id) internal view override returns (bytes memory) {
        if (table == 2 && id <= type(uint32).max && _assessors[uint32(id)] != address(0)) {
            return abi.encode(_assessors[uint32(id)]);
        }
        if (table != 0 || _records[id] == 0) revert RecordMigrationNothingToCarry(table, id);
        Record memory entry = _load(id);
        uint256 latest = _latest[entry.productId][entry.kind];
        return abi.encode(_records[id], _reportHashes[id], uint40(latest) == id ? latest : 0);
    }

    function _importRecord(uint8 table, uint256 id, bytes memory data) internal override {
        if (table == 2) {
            if (id == 0 || id > _carriedAssessors) revert RecordMigrationNothingToCarry(table, id);
            if (_assessors[uint32(id)] != address(0)) revert RecordMigrationAlreadyCarried(table, id);
            address assessor = abi.decode(data, (address));
            _assessors[uint32(id)] = assessor;
            // An assessor that already recorded here under a new index keeps it for new findings.
            if (_assessorIndexes[assessor] == 0) _assessorIndexes[assessor] = uint32(id);
            return;
        }
        if (table != 0 || id > _carriedAssessments) revert RecordMigrationNothingToCarry(table, id);
        if (_records[id] != 0) revert RecordMigrationAlreadyCarried(table, id);
        (uint256 word, bytes32 reportHash, uint256 latest) = abi.decode(data, (uint256, bytes32, uint256));
        _records[id] = word;
        _reportHashes[id] = reportHash;
        Record memory entry = _load(id);
        if (latest != 0 && _latest[entry.productId][entry.kind] == 0) _latest[entry.productId][entry.kind] = latest;
    }

    function _settleCarriedCounts() internal override {
        uint256 assessments =
            _carriedAfterSeal(IAssessmentRegistry.assessmentCount.selector, _carriedAssessments, _assessmentCount);
        if (assessments != _carriedAssessments) (_carriedAssessments, _assessmentCount) = (assessments, uint48(assessments));
        uint256 assessors = _carriedAfterSeal(IAssessmentRegistry.assessorCount.selector, _carriedAssessors, _assessorCount);
        if (assessors != _carriedAssessors) (_carriedAssessors, _assessorCount) = (assessors, uint32(assessors));
    }

    function _sealed() internal view override returns (bool) {
        return _sealedFlag;
    }

    function _awaitingCarry() internal view override returns (bool) {
        return _awaitingCarryFlag;
    }

    function _setAwaitingCarry(bool awaiting) internal override {
        _awaitingCarryFlag = awaiting;
    }

    function _setSealed() internal override {
        _sealedFlag = true;
    }

    function _existing(uint256 assessmentId) private view returns (Record memory entry) {
        entry = _load(assessmentId);
        if (entry.assessorIndex == 0) revert AssessmentUnknown(assessmentId);
    }

    function _assessorIndexOf(address assessor) private returns (uint32 index) {
        index = _assessorIndexes[assessor];
        if (index == 0) {
            index = ++_assessorCount;
            _assessors[index] = assessor;
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

    /// @dev Bit layout, low to high: assessmentId 40 | assessor 160 | passed 8 | revoked 8 | expiresAt 40.
    function _storeLatest(ProductId productId, AssessmentKind kind, Latest memory latest) private {
        _latest[productId][kind] = uint256(latest.assessmentId) | (uint256(uint160(latest.assessor)) << 40)
            | (_flag(latest.passed) << 200) | (_flag(latest.revoked) << 208) | (uint256(latest.expiresAt) << 216);
    }

    function _loadLatest(ProductId productId, AssessmentKind kind) private view returns (Latest memory latest) {
        uint256 word = _latest[productId][kind];
        latest.assessmentId = uint40(word);
        latest.assessor = address(uint160(word >> 40));
        latest.passed = uint8(word >> 200) != 0;
        latest.revoked = uint8(word >> 208) != 0;
        latest.expiresAt = uint40(word >> 216);
    }

    function _flag(bool value) private pure returns (uint256) {
        return value ? 1 : 0;
    }

    function _bit(AssessmentKind kind) private pure returns (uint16) {
        return uint16(1) << uint8(kind);
    }
}
