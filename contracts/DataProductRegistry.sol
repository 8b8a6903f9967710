// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IDataProductRegistry} from "./interfaces/IDataProductRegistry.sol";
import {IObjectionBook} from "./interfaces/IObjectionBook.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {IRightsCertificate} from "./interfaces/IRightsCertificate.sol";
import {IAssessmentRegistry} from "./interfaces/IAssessmentRegistry.sol";
import {ExchangeRoles} from "./libraries/ExchangeRoles.sol";
import {ParticipantKinds} from "./libraries/ParticipantKinds.sol";
import {RegistrationNumbers} from "./libraries/RegistrationNumbers.sol";
import {ExchangeGated} from "./utils/ExchangeGated.sol";
import {EmergencyPause} from "./utils/EmergencyPause.sol";
import {ObjectionBook} from "./utils/ObjectionBook.sol";
import {RecordMigration} from "./utils/RecordMigration.sol";
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
} from "./types/DataRightsTypes.sol";

/// @title DataProductRegistry
/// @notice Register of data products, their versions and lineage.
contract DataProductRegistry is IDataProductRegistry, ObjectionBook, EmergencyPause, RecordMigration {
    /// @notice Most sources one product may name, so registration stays within a block's gas.
    uint256 public constant MAX_SOURCES = 64;

    IRightsCertificate private _certificates;
    IAssessmentRegistry private _assessments;

    mapping(ProductId productId => Product) private _products;
    mapping(ProductId productId => ProductId[]) private _sources;
    mapping(ProductId productId => uint256[]) private _sourceCertificates;
    uint64 private _productCount;
    bool private _pausedFlag;
    /// @dev The seal (see RecordMigration) and the wait for the first import, beside the pause and the count.
    bool private _sealedFlag;
    bool private _awaitingCarryFlag;
    /// @dev Products and objections of the predecessor deployment: ids up to these are carried over.
    uint256 private _carriedProducts;
    uint256 private _carriedObjections;

    modifier onlyRegistrar() {
        _checkExchangeRole(ExchangeRoles.REGISTRAR_ROLE, msg.sender);
        _;
    }

    /// @param predecessor_ The predecessor deployment's product registry, zero for the first one. A
    /// successor starts paused, so its records are carried over before anything new is registered.
    constructor(IParticipantRegistry participants_, address predecessor_)
        ExchangeGated(participants_)
        RecordMigration(predecessor_)
    {
        _carriedProducts = _predecessorCount(IDataProductRegistry.productCount.selector);
        _carriedObjections = _predecessorCount(IObjectionBook.objectionCount.selector);
        _productCount = uint64(_carriedProducts);
        _continueObjectionIds(_carriedObjections);
        if (predecessor_ != address(0)) {
            _pausedFlag = true;
            _awaitingCarryFlag = true;
            emit Paused(msg.sender);
        }
    }

    /// @inheritdoc IDataProductRegistry
    function linkModules(IRightsCertificate certificates_, IAssessmentRegistry assessments_)
        external
        onlyExchangeRole(ExchangeRoles.DEFAULT_ADMIN_ROLE)
        whenNotSealed
    {
        if (
            address(_certificates) != address(0) || address(certificates_) == address(0)
                || address(assessments_) == address(0)
        ) revert DataProductModulesLinked();
        _certificates = certificates_;
        _assessments = assessments_;
        emit ModulesLinked(certificates_, assessments_);
    }

    /// @inheritdoc IDataProductRegistry
    function register(ProductRegistration calldata registration) external whenNotSealed whenNotPaused returns (ProductId) {
        return _register(registration, ProductId.wrap(0));
    }

    /// @inheritdoc IDataProductRegistry
    function registerVersion(ProductId previousVersion, ProductRegistration calldata registration)
        external
        whenNotSealed
        whenNotPaused
        returns (ProductId productId)
    {
        Product storage previous = _existing(previousVersion);
        if (!_callerIs(previous.provider)) revert DataProductNotProvider(previousVersion, msg.sender);
        if (ProductId.unwrap(previous.supersededBy) != 0) revert DataProductSuperseded(previousVersion);
        if (previous.status == ProductStatus.Revoked) {
            revert DataProductInvalidStatus(previousVersion, ProductStatus.Revoked);
        }
        if (previous.openObjections != 0) revert DataProductFrozen(previousVersion);

        productId = _register(registration, previousVersion);
        previous.supersededBy = productId;
        emit ProductSuperseded(previousVersion, productId);
        if (previous.status == ProductStatus.Listed) _setStatus(previousVersion, ProductStatus.Delisted, bytes32(0));
        // A suspended listing must not come back as Listed once superseded.
        if (previous.statusBeforeSuspension == ProductStatus.Listed) previous.statusBeforeSuspension = ProductStatus.Delisted;
    }

    /// @inheritdoc IDataProductRegistry
    function certify(ProductId productId) external onlyRegistrar whenNotSealed {
        Product storage record = _existing(productId);
        if (record.status != ProductStatus.Registered) revert DataProductInvalidStatus(productId, record.status);
        if (record.classification == Classification.Core) revert DataProductCoreNotListable(productId);
        if (record.openObjections != 0) revert DataProductFrozen(productId);
        _checkPolicy(productId);
        _setStatus(productId, ProductStatus.Certified, bytes32(0));
    }

    /// @inheritdoc IDataProductRegistry
    function list(ProductId productId) external onlyExchangeRole(ExchangeRoles.MARKET_ROLE) whenNotSealed {
        Product storage record = _existing(productId);
        if (record.classification == Classification.Core) revert DataProductCoreNotListable(productId);
        if (record.status != ProductStatus.Certified && record.status != ProductStatus.Delisted) {
            revert DataProductInvalidStatus(productId, record.status);
        }
        if (ProductId.unwrap(record.supersededBy) != 0) revert DataProductSuperseded(productId);
        if (record.openObjections != 0) revert DataProductFrozen(productId);
        _checkPolicy(productId);
        (ProductId source, uint256 certificateId, CertificateValidity validity) = brokenEdge(productId);
        if (certificateId != 0) revert DataProductLineageBroken(productId, source, certificateId, validity);
        _setStatus(productId, ProductStatus.Listed, bytes32(0));
    }

    /// @inheritdoc IDataProductRegistry
    function delist(ProductId productId) external whenNotSealed {
        Product storage record = _existing(productId);
        if (!_callerIs(record.provider)) _checkRegistrarOrMarket();
        if (record.status != ProductStatus.Listed) revert DataProductInvalidStatus(productId, record.status);
        _setStatus(productId, ProductStatus.Delisted, bytes32(0));
    }

    /// @inheritdoc IDataProductRegistry
    function suspend(ProductId productId, bytes32 reasonHash) external onlyRegistrar whenNotSealed {
        Product storage record = _existing(productId);
        ProductStatus status = record.status;
        if (status == ProductStatus.Suspended || status == ProductStatus.Revoked) {
            revert DataProductInvalidStatus(productId, status);
        }
        record.statusBeforeSuspension = status;
        _setStatus(productId, ProductStatus.Suspended, reasonHash);
    }

    /// @inheritdoc IDataProductRegistry
    function reinstate(ProductId productId, bytes32 reasonHash) external onlyRegistrar whenNotSealed {
        Product storage record = _existing(productId);
        if (record.status != ProductStatus.Suspended) revert DataProductInvalidStatus(productId, record.status);
        ProductStatus target = record.statusBeforeSuspension;
        bool certified =
            target == ProductStatus.Certified || target == ProductStatus.Listed || target == ProductStatus.Delisted;
        if (certified && _linkedAssessments().missingKinds(productId) != 0) {
            target = ProductStatus.Registered;
        } else if (target == ProductStatus.Listed) {
            (, uint256 brokenCertificateId,) = brokenEdge(productId);
            if (record.openObjections != 0 || brokenCertificateId != 0) target = ProductStatus.Delisted;
        }
        _setStatus(productId, target, reasonHash);
    }

    /// @inheritdoc IDataProductRegistry
    function revoke(ProductId productId, bytes32 reasonHash) external onlyRegistrar whenNotSealed {
        Product storage record = _existing(productId);
        if (record.status == ProductStatus.Revoked) revert DataProductInvalidStatus(productId, record.status);
        _setStatus(productId, ProductStatus.Revoked, reasonHash);
    }

    /// @inheritdoc IDataProductRegistry
    function product(ProductId productId) external view returns (Product memory) {
        return _existing(productId);
    }

    /// @inheritdoc IDataProductRegistry
    function productState(ProductId productId)
        external
        view
        returns (address provider, ProductStatus status, Classification classification, bool frozen)
    {
        Product storage record = _products[productId];
        return (record.provider, record.status, record.classification, record.openObjections != 0);
    }

    /// @inheritdoc IDataProductRegistry
    function marketState(ProductId productId)
        external
        view
        returns (ProductStatus status, bool frozen, bytes2 jurisdiction, bytes32 contentHash, uint256 sourceCount)
    {
        Product storage record = _products[productId];
        return (record.status, record.openObjections != 0, record.jurisdiction, record.contentHash, record.sourceCount);
    }

    /// @inheritdoc IDataProductRegistry
    function profileOf(ProductId productId)
        external
        view
        returns (
            ProductType productType,
            SourceCategory sourceCategory,
            Classification classification,
            bool containsPersonalInfo
        )
    {
        Product storage record = _existing(productId);
        return (record.productType, record.sourceCategory, record.classification, record.containsPersonalInfo);
    }

    /// @inheritdoc IDataProductRegistry
    function brokenEdge(ProductId productId)
        public
        view
        returns (ProductId source, uint256 certificateId, CertificateValidity validity)
    {
        uint256 count = _products[productId].sourceCount;
        for (uint256 i = 0; i < count; ++i) {
            uint256 edgeCertificate = _sourceCertificates[productId][i];
            CertificateValidity edgeValidity = _certificates.validity(edgeCertificate);
            if (edgeValidity != CertificateValidity.Valid) {
                return (_sources[productId][i], edgeCertificate, edgeValidity);
            }
        }
    }

    /// @inheritdoc IDataProductRegistry
    function sourcesOf(ProductId productId) external view returns (ProductId[] memory) {
        _existing(productId);
        return _sources[productId];
    }

    /// @inheritdoc IDataProductRegistry
    function sourceCertificatesOf(ProductId productId) external view returns (uint256[] memory) {
        _existing(productId);
        return _sourceCertificates[productId];
    }

    /// @inheritdoc IDataProductRegistry
    function productCount() external view returns (uint256) {
        return _productCount;
    }

    /// @inheritdoc IDataProductRegistry
    function isCertified(ProductId productId) external view returns (bool) {
        ProductStatus status = _products[productId].status;
        return (status == ProductStatus.Certified || status == ProductStatus.Listed || status == ProductStatus.Delisted)
            && _linkedAssessments().missingKinds(productId) == 0;
    }

    /// @inheritdoc IDataProductRegistry
    function registrationNumber(ProductId productId) external view returns (string memory) {
        _existing(productId);
        // A carried product keeps the number its own deployment gave it.
        if (ProductId.unwrap(productId) <= _carriedProducts) {
            return IDataProductRegistry(predecessor()).registrationNumber(productId);
        }
        return RegistrationNumbers.format(
            _participants.exchangeCode(), _participants.epoch(), "DP", ProductId.unwrap(productId)
        );
    }

    /// @inheritdoc IDataProductRegistry
    function certificates() external view returns (IRightsCertificate) {
        return _certificates;
    }

    /// @inheritdoc IDataProductRegistry
    function assessments() external view returns (IAssessmentRegistry) {
        return _assessments;
    }

    /// @inheritdoc IObjectionBook
    function openObjections(uint256 targetId) external view returns (uint256) {
        return _products[_toProductId(targetId)].openObjections;
    }

    function _register(ProductRegistration calldata registration, ProductId previousVersion)
        private
        returns (ProductId productId)
    {
        if (_awaitingCarryFlag) revert RecordMigrationAwaitingCarry(predecessor());
        if (!_participants.isAccredited(msg.sender, ParticipantKinds.PROVIDER)) {
            revert DataProductProviderNotAccredited(msg.sender);
        }
        if (registration.contentHash == bytes32(0) || registration.originDeclarationHash == bytes32(0)) {
            revert DataProductMissingHash();
        }
        uint256 sourceCount = registration.sources.length;
        if (sourceCount != registration.sourceCertificates.length || sourceCount > MAX_SOURCES) {
            revert DataProductInvalidSources(sourceCount, registration.sourceCertificates.length);
        }
        if (sourceCount != 0) _checkDerivationRule(registration, previousVersion);

        productId = ProductId.wrap(++_productCount);
        Product storage record = _products[productId];
        record.provider = msg.sender;
        record.productType = registration.productType;
        record.sourceCategory = registration.sourceCategory;
        record.classification = registration.classification;
        record.status = ProductStatus.Registered;
        record.containsPersonalInfo = registration.containsPersonalInfo;
        bytes2 jurisdiction = _participants.participant(msg.sender).jurisdiction;
        record.jurisdiction = jurisdiction;
        record.sourceCount = uint8(sourceCount);
        record.registeredAt = _now();
        record.previousVersion = previousVersion;
        record.contentHash = registration.contentHash;
        record.originDeclarationHash = registration.originDeclarationHash;
        if (registration.descriptionHash != bytes32(0)) record.descriptionHash = registration.descriptionHash;
        if (bytes(registration.metadataURI).length != 0) record.metadataURI = registration.metadataURI;
        if (sourceCount != 0) {
            _sources[productId] = registration.sources;
            _sourceCertificates[productId] = registration.sourceCertificates;
        }

        emit ProductRegistered(productId, msg.sender, previousVersion, jurisdiction, registration);
        emit ProductStatusChanged(productId, ProductStatus.None, ProductStatus.Registered, bytes32(0));
    }

    /// @dev The derivation rule: for every source, the caller holds a valid ProcessingUse or
    /// ResourceHolding certificate on it; sources are distinct, live and not frozen.
    function _checkDerivationRule(ProductRegistration calldata registration, ProductId previousVersion) private view {
        IRightsCertificate certificates_ = _certificates;
        if (address(certificates_) == address(0)) revert DataProductModulesNotLinked();
        uint256 sourceCount = registration.sources.length;
        for (uint256 i = 0; i < sourceCount; ++i) {
            ProductId source = registration.sources[i];
            if (ProductId.unwrap(source) == ProductId.unwrap(previousVersion)) revert DataProductDuplicateSource(source);
            for (uint256 j = 0; j < i; ++j) {
                if (ProductId.unwrap(registration.sources[j]) == ProductId.unwrap(source)) {
                    revert DataProductDuplicateSource(source);
                }
            }
            Product storage sourceRecord = _existing(source);
            ProductStatus sourceStatus = sourceRecord.status;
            if (
                sourceStatus == ProductStatus.Revoked || sourceStatus == ProductStatus.Suspended
                    || sourceRecord.openObjections != 0
            ) {
                revert DataProductSourceUnavailable(source);
            }
            uint256 certificateId = registration.sourceCertificates[i];
            (address holder, ProductId rightProduct, RightCategory category,, CertificateValidity validity) =
                certificates_.rightOf(certificateId);
            if (
                holder != msg.sender || ProductId.unwrap(rightProduct) != ProductId.unwrap(source)
                    || category == RightCategory.ProductOperation || validity != CertificateValidity.Valid
            ) revert DataProductMissingSourceRight(source, certificateId, holder, rightProduct, category, validity);
        }
    }

    function _setStatus(ProductId productId, ProductStatus status, bytes32 reasonHash) private {
        Product storage record = _products[productId];
        ProductStatus previousStatus = record.status;
        record.status = status;
        emit ProductStatusChanged(productId, previousStatus, status, reasonHash);
    }

    function _existing(ProductId productId) private view returns (Product storage record) {
        record = _products[productId];
        if (record.provider == address(0)) revert DataProductUnknown(productId);
    }

    function _checkPolicy(ProductId productId) private view {
        uint16 missing = _linkedAssessments().missingKinds(productId);
        if (missing != 0) revert DataProductPolicyNotMet(productId, missing);
    }

    function _linkedAssessments() private view returns (IAssessmentRegistry assessments_) {
        assessments_ = _assessments;
        if (address(assessments_) == address(0)) revert DataProductModulesNotLinked();
    }

    function _toProductId(uint256 targetId) private pure returns (ProductId) {
        if (targetId > type(uint64).max) revert DataProductUnknown(ProductId.wrap(0));
        return ProductId.wrap(uint64(targetId));
    }

    /// @inheritdoc ObjectionBook
    function _requireObjectable(uint256 targetId) internal view override {
        Product storage record = _existing(_toProductId(targetId));
        if (record.status == ProductStatus.Revoked) revert DataProductInvalidStatus(_toProductId(targetId), record.status);
    }

    /// @inheritdoc ObjectionBook
    function _adjustOpenObjections(uint256 targetId, bool opened) internal override {
        Product storage record = _products[_toProductId(targetId)];
        if (opened) ++record.openObjections;
        else --record.openObjections;
    }

    /// @inheritdoc ObjectionBook
    function _revokeOnUpheldObjection(uint256 targetId, bytes32 reasonHash) internal override {
        ProductId productId = _toProductId(targetId);
        if (_products[productId].status != ProductStatus.Revoked) _setStatus(productId, ProductStatus.Revoked, reasonHash);
    }

    /// @dev Table 0: a product with its sources; table 1: an objection.
    function _exportRecord(uint8 table, uint256 id) internal view override returns (bytes memory) {
        if (table == 1) return _exportObjection(id);
        if (table != 0 || id > type(uint64).max || _products[ProductId.wrap(uint64(id))].provider == address(0)) {
            revert RecordMigrationNothingToCarry(table, id);
        }
        ProductId productId = ProductId.wrap(uint64(id));
        return abi.encode(_products[productId], _sources[productId], _sourceCertificates[productId]);
    }

    function _importRecord(uint8 table, uint256 id, bytes memory data) internal override {
        if (table == 1) return _importObjection(id, _carriedObjections, data);
        if (table != 0 || id > _carriedProducts) revert RecordMigrationNothingToCarry(table, id);
        ProductId productId = ProductId.wrap(uint64(id));
        if (_products[productId].provider != address(0)) revert RecordMigrationAlreadyCarried(table, id);
        (Product memory record, ProductId[] memory sources, uint256[] memory sourceCertificates) =
            abi.decode(data, (Product, ProductId[], uint256[]));
        _products[productId] = record;
        if (sources.length != 0) {
            _sources[productId] = sources;
            _sourceCertificates[productId] = sourceCertificates;
        }
    }

    function _settleCarriedCounts() internal override {
        uint256 products = _carriedAfterSeal(IDataProductRegistry.productCount.selector, _carriedProducts, _productCount);
        if (products != _carriedProducts) (_carriedProducts, _productCount) = (products, uint64(products));
        uint256 objections = _carriedAfterSeal(IObjectionBook.objectionCount.selector, _carriedObjections, _objectionsCounted());
        if (objections != _carriedObjections) {
            _carriedObjections = objections;
            _continueObjectionIds(objections);
        }
    }

    function _paused() internal view override returns (bool) {
        return _pausedFlag;
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

    function _setPaused(bool paused_) internal override {
        _pausedFlag = paused_;
    }
}
