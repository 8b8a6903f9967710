// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {CertificateRenderer} from "./CertificateRenderer.sol";
import {IERC5192} from "./interfaces/IERC5192.sol";
import {ILicenceTerms} from "./interfaces/ILicenceTerms.sol";
import {IObjectionBook} from "./interfaces/IObjectionBook.sol";
import {IRightsCertificate} from "./interfaces/IRightsCertificate.sol";
import {IDataProductRegistry} from "./interfaces/IDataProductRegistry.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {ExchangeRoles} from "./libraries/ExchangeRoles.sol";
import {ParticipantKinds} from "./libraries/ParticipantKinds.sol";
import {RegistrationNumbers} from "./libraries/RegistrationNumbers.sol";
import {ExchangeGated} from "./utils/ExchangeGated.sol";
import {EmergencyPause} from "./utils/EmergencyPause.sol";
import {ObjectionBook} from "./utils/ObjectionBook.sol";
import {RecordMigration} from "./utils/RecordMigration.sol";
import {
    ProductId,
    ProductStatus,
    Classification,
    Certificate,
    CertificateStatus,
    CertificateValidity,
    RightCategory,
    ParticipantStatus
} from "./types/DataRightsTypes.sol";

/// @title RightsCertificate
/// @notice Soulbound certificates of data rights (ERC-721 + ERC-5192).
contract RightsCertificate is IRightsCertificate, IERC5192, ERC721, ObjectionBook, EmergencyPause, RecordMigration {
    /// @dev Everything checked on the hot paths and by the validity walk. Stored packed in one
    /// word (see `_store`): Solidity writes a struct to storage field by field, which cost
    /// an issue ~1.4k gas more than one SSTORE.
    struct Record {
        /// @dev Stored in 48 bits: `issue` refuses larger product ids, which a registry would
        /// reach only after 2^48 registrations.
        ProductId productId;
        uint48 parentId;
        uint40 issuedAt;
        uint40 expiresAt;
        /// @dev 1-based index into `_issuers`: an address would not fit in the slot.
        uint16 issuerIndex;
        RightCategory category;
        CertificateStatus status;
        /// @dev Trade of the issuing ledger that granted the licence, which keeps its scope and
        /// evidence; 0 when they are stored here.
        uint40 tradeId;
        /// @dev Open trades sold from this certificate, each with a licence reserved. Kept in the
        /// record word, which the trade path reads anyway, so a reservation costs no fresh slot.
        uint16 openTrades;
    }

    /// @dev The id counter shares its slot with the last issuer, so consecutive issues by the
    /// same Registrar find its roster index without another storage read.
    struct Sequence {
        uint48 certificateCount;
        uint16 lastIssuerIndex;
        address lastIssuer;
        /// @dev The emergency pause, in the slot every issue reads anyway.
        bool paused;
        /// @dev The seal (see RecordMigration), beside it, and the wait for the first import.
        bool isSealed;
        bool awaitingCarry;
    }

    struct Hashes {
        bytes32 scopeHash;
        bytes32 evidenceHash;
    }

    IDataProductRegistry private immutable _products;
    CertificateRenderer private immutable _renderer;

    mapping(uint256 tokenId => uint256 packedRecord) private _records;
    mapping(uint256 tokenId => Hashes) private _hashes;
    mapping(uint256 tokenId => uint256) private _predecessors;
    mapping(uint256 tokenId => uint256) private _successors;
    /// @dev Pledge and objections share a slot: licensing and trading check both in one read.
    struct Encumbrance {
        address pledgee;
        uint16 openObjections;
    }

    mapping(uint256 tokenId => Encumbrance) private _encumbrances;

    /// @dev A certificate as it moves to a successor deployment: its words as stored, and its holder.
    struct CarriedCertificate {
        uint256 record;
        Hashes hashes;
        uint256 predecessorId;
        uint256 successorId;
        Encumbrance encumbrance;
        address holder;
    }
    address[] private _issuers;
    mapping(address issuer => uint16) private _issuerIndexes;
    Sequence private _sequence;
    /// @dev Certificates and objections of the predecessor deployment: ids up to these are carried over.
    uint256 private _carriedCertificates;
    uint256 private _carriedObjections;

    modifier onlyRegistrar() {
        _checkExchangeRole(ExchangeRoles.REGISTRAR_ROLE, msg.sender);
        _;
    }

    /// @param predecessor_ The predecessor deployment's certificate registry, zero for the first one.
    /// A successor starts paused, so its records are carried over before anything new is issued.
    constructor(
        IParticipantRegistry participants_,
        IDataProductRegistry products_,
        CertificateRenderer renderer_,
        address predecessor_
    ) ERC721("Data Rights Certificate", "DRC") ExchangeGated(participants_) RecordMigration(predecessor_) {
        _products = products_;
        _renderer = renderer_;
        uint256 carried = _predecessorCount(IRightsCertificate.certificateCount.selector);
        _carriedCertificates = carried;
        _carriedObjections = _predecessorCount(IObjectionBook.objectionCount.selector);
        _continueObjectionIds(_carriedObjections);
        if (predecessor_ != address(0)) {
            _sequence = Sequence(uint48(carried), 0, address(0), true, false, true);
            emit Paused(msg.sender);
        }
    }

    /// @inheritdoc IRightsCertificate
    function issue(
        address holder,
        ProductId productId,
        RightCategory category,
        uint40 expiresAt,
        bytes32 scopeHash,
        bytes32 evidenceHash
    ) external onlyRegistrar whenNotSealed whenNotPaused returns (uint256 tokenId) {
        if (category == RightCategory.ProcessingUse) revert RightsCertificateInvalidCategory(category, category);
        if (ProductId.unwrap(productId) > type(uint48).max) revert RightsCertificateProductUnavailable(productId);
        _checkProductAvailable(productId);
        _checkHolder(holder);
        _checkExpiry(expiresAt, type(uint40).max);
        tokenId = _mintCertificate(
            holder,
            Record(productId, 0, 0, expiresAt, 0, category, CertificateStatus.Active, 0, 0),
            scopeHash,
            evidenceHash,
            0
        );
    }

    /// @inheritdoc IRightsCertificate
    function license(
        uint256 parentId,
        address holder,
        RightCategory category,
        uint40 expiresAt,
        bytes32 scopeHash,
        bytes32 evidenceHash
    ) external onlyRegistrar whenNotSealed whenNotPaused returns (uint256 tokenId) {
        _checkChainUnencumbered(parentId);
        tokenId = _mintCertificate(holder, _licence(parentId, holder, category, expiresAt), scopeHash, evidenceHash, 0);
    }

    /// @inheritdoc IRightsCertificate
    function licenseForTrade(
        uint256 parentId,
        address holder,
        RightCategory category,
        uint40 expiresAt,
        uint256 tradeId,
        bytes32 dealDigest,
        bytes32 deliveryHash
    ) external whenNotSealed returns (uint256 tokenId) {
        _checkExchangeRole(ExchangeRoles.MARKET_ROLE, msg.sender);
        if (tradeId == 0 || tradeId > type(uint40).max) revert RightsCertificateInvalidTrade(tradeId);
        // Reserved at confirmation, when the chain was clear: neither a pledge nor an objection
        // since then stops it. An upheld objection revokes the right, and validity() then says
        // so of this licence too; the seller cannot hold the receipt hostage by objecting to itself.
        // The parent's record is read once, for the licence's checks and for the release.
        Record memory parent = _existing(parentId);
        Record memory record = _licenceOf(parentId, parent, holder, category, expiresAt);
        record.tradeId = uint40(tradeId);
        _releaseFrom(parentId, parent);
        tokenId = _mintCertificate(holder, record, dealDigest, deliveryHash, 0);
    }

    /// @inheritdoc IRightsCertificate
    /// @dev Not sealed here: only the trade ledger reserves, from `confirm`, which its own pause and
    /// seal stop (a check here would cost every trade a cold read).
    function reserveForTrade(uint256 tokenId) external {
        _checkExchangeRole(ExchangeRoles.MARKET_ROLE, msg.sender);
        Record memory record = _existing(tokenId);
        if (record.openTrades == type(uint16).max) revert RightsCertificateReserved(tokenId, record.openTrades);
        ++record.openTrades;
        _store(tokenId, record);
    }

    /// @inheritdoc IRightsCertificate
    function releaseReservation(uint256 tokenId) external whenNotSealed {
        _checkExchangeRole(ExchangeRoles.MARKET_ROLE, msg.sender);
        _release(tokenId);
    }

    /// @inheritdoc IRightsCertificate
    function reissue(uint256 tokenId, address newHolder, bytes32 evidenceHash)
        external
        onlyRegistrar
        whenNotSealed
        whenNotPaused
        returns (uint256 newTokenId)
    {
        Record memory old = _requireReplaceable(tokenId);
        address holder = _ownerOf(tokenId);
        if (newHolder == holder) revert RightsCertificateSameHolder(tokenId, newHolder);
        _checkHolder(newHolder);
        (bytes32 scopeHash,) = _hashesOf(tokenId, old);
        newTokenId = _replace(tokenId, old, newHolder, scopeHash, evidenceHash);
    }

    /// @inheritdoc IRightsCertificate
    function amend(uint256 tokenId, bytes32 scopeHash, bytes32 evidenceHash)
        external
        onlyRegistrar
        whenNotSealed
        whenNotPaused
        returns (uint256 newTokenId)
    {
        Record memory old = _requireReplaceable(tokenId);
        newTokenId = _replace(tokenId, old, _ownerOf(tokenId), scopeHash, evidenceHash);
    }

    /// @inheritdoc IRightsCertificate
    function surrender(uint256 tokenId) external whenNotSealed {
        CertificateStatus status = _existing(tokenId).status;
        if (_ownerOf(tokenId) != msg.sender) revert RightsCertificateNotHolder(tokenId, msg.sender);
        _checkActingHolder();
        if (status != CertificateStatus.Active && status != CertificateStatus.Suspended) {
            revert RightsCertificateInvalidStatus(tokenId, status);
        }
        // An objection must be decided, and every reserved licence granted, before the holder
        // can walk away from the right.
        _checkUnencumbered(tokenId);
        uint16 openTrades = _load(tokenId).openTrades;
        if (openTrades != 0) revert RightsCertificateReserved(tokenId, openTrades);
        _setStatus(tokenId, CertificateStatus.Surrendered, bytes32(0));
    }

    /// @inheritdoc IRightsCertificate
    function renew(uint256 tokenId, uint40 expiresAt) external onlyRegistrar whenNotSealed {
        Record memory record = _existing(tokenId);
        if (record.status != CertificateStatus.Active) revert RightsCertificateInvalidStatus(tokenId, record.status);
        // Renewal is applied for while the right is still valid; a lapsed one is registered anew.
        if (!_requireValid(tokenId, record)) revert RightsCertificateProductUnavailable(record.productId);
        uint40 previousExpiresAt = record.expiresAt;
        uint40 limit = record.parentId == 0 ? type(uint40).max : _load(_standIn(record.parentId)).expiresAt;
        if (expiresAt <= previousExpiresAt) revert RightsCertificateInvalidExpiry(expiresAt, limit);
        _checkExpiry(expiresAt, limit);
        record.expiresAt = expiresAt;
        _store(tokenId, record);
        emit CertificateRenewed(tokenId, previousExpiresAt, expiresAt);
    }

    /// @inheritdoc IRightsCertificate
    function suspend(uint256 tokenId, bytes32 reasonHash) external onlyRegistrar whenNotSealed {
        CertificateStatus status = _existing(tokenId).status;
        if (status != CertificateStatus.Active) revert RightsCertificateInvalidStatus(tokenId, status);
        _setStatus(tokenId, CertificateStatus.Suspended, reasonHash);
    }

    /// @inheritdoc IRightsCertificate
    function reinstate(uint256 tokenId, bytes32 reasonHash) external onlyRegistrar whenNotSealed {
        CertificateStatus status = _existing(tokenId).status;
        if (status != CertificateStatus.Suspended) revert RightsCertificateInvalidStatus(tokenId, status);
        _setStatus(tokenId, CertificateStatus.Active, reasonHash);
    }

    /// @inheritdoc IRightsCertificate
    function revoke(uint256 tokenId, bytes32 reasonHash) external onlyRegistrar whenNotSealed {
        CertificateStatus status = _existing(tokenId).status;
        if (status != CertificateStatus.Active && status != CertificateStatus.Suspended) {
            revert RightsCertificateInvalidStatus(tokenId, status);
        }
        _setStatus(tokenId, CertificateStatus.Revoked, reasonHash);
    }

    /// @inheritdoc IRightsCertificate
    function pledge(uint256 tokenId, address financier, bytes32 agreementHash) external whenNotSealed {
        Record memory record = _existing(tokenId);
        if (_ownerOf(tokenId) != msg.sender) revert RightsCertificateNotHolder(tokenId, msg.sender);
        _checkActingHolder();
        bool productAvailable = _requireValid(tokenId, record);
        _checkUnencumbered(tokenId);
        if (!productAvailable) revert RightsCertificateProductUnavailable(record.productId);
        if (agreementHash == bytes32(0)) revert RightsCertificateMissingHash();
        if (!_participants.isAccredited(financier, ParticipantKinds.FINANCIER)) {
            revert RightsCertificateFinancierNotAccredited(financier);
        }
        _encumbrances[tokenId].pledgee = financier;
        emit CertificatePledged(tokenId, financier, agreementHash);
    }

    /// @inheritdoc IRightsCertificate
    function release(uint256 tokenId) external whenNotSealed {
        _existing(tokenId);
        address pledgee = _encumbrances[tokenId].pledgee;
        if (pledgee == address(0)) revert RightsCertificateNotPledged(tokenId);
        if (!_callerIs(pledgee)) revert RightsCertificateNotPledgee(tokenId, msg.sender);
        delete _encumbrances[tokenId].pledgee;
        emit CertificateReleased(tokenId, pledgee);
    }

    /// @inheritdoc IRightsCertificate
    function certificate(uint256 tokenId) public view returns (Certificate memory) {
        Record memory record = _existing(tokenId);
        (bytes32 scopeHash, bytes32 evidenceHash) = _hashesOf(tokenId, record);
        return Certificate({
            productId: record.productId,
            category: record.category,
            status: record.status,
            issuedAt: record.issuedAt,
            expiresAt: record.expiresAt,
            parentId: record.parentId,
            predecessorId: _predecessors[tokenId],
            successorId: _successors[tokenId],
            holder: _ownerOf(tokenId),
            issuer: _issuers[record.issuerIndex - 1],
            pledgee: _encumbrances[tokenId].pledgee,
            openObjections: _encumbrances[tokenId].openObjections,
            scopeHash: scopeHash,
            evidenceHash: evidenceHash,
            tradeId: record.tradeId,
            openTrades: record.openTrades
        });
    }

    /// @inheritdoc IRightsCertificate
    function validity(uint256 tokenId) external view returns (CertificateValidity) {
        return _validity(tokenId);
    }

    /// @inheritdoc IRightsCertificate
    function rightOf(uint256 tokenId)
        external
        view
        returns (
            address holder,
            ProductId productId,
            RightCategory category,
            uint40 expiresAt,
            CertificateValidity validity_
        )
    {
        Record memory record = _load(tokenId);
        return (_ownerOf(tokenId), record.productId, record.category, record.expiresAt, _validity(tokenId));
    }

    /// @inheritdoc IRightsCertificate
    function tradableRight(uint256 tokenId)
        external
        view
        returns (
            address holder,
            ProductId productId,
            RightCategory category,
            uint40 expiresAt,
            CertificateValidity validity_,
            uint256 encumberedId,
            address pledgee
        )
    {
        // The trade path: the record is read once, for the fields, the validity and the first
        // link of the encumbrance walk.
        Record memory record = _load(tokenId);
        (encumberedId, pledgee) = _firstEncumbered(tokenId, record.parentId);
        return (
            _ownerOf(tokenId),
            record.productId,
            record.category,
            record.expiresAt,
            _validityOf(record),
            encumberedId,
            pledgee
        );
    }

    /// @inheritdoc IRightsCertificate
    function certificateCount() external view returns (uint256) {
        return _sequence.certificateCount;
    }

    /// @inheritdoc IRightsCertificate
    function registrationNumber(uint256 tokenId) public view returns (string memory) {
        Record memory record = _existing(tokenId);
        // A carried certificate keeps the number its own deployment gave it.
        if (tokenId <= _carriedCertificates) return IRightsCertificate(predecessor()).registrationNumber(tokenId);
        return RegistrationNumbers.format(
            _participants.exchangeCode(), _participants.epoch(), RegistrationNumbers.categoryCode(record.category), tokenId
        );
    }

    /// @inheritdoc IObjectionBook
    function openObjections(uint256 targetId) external view returns (uint256) {
        return _encumbrances[targetId].openObjections;
    }

    /// @notice Always true for an existing certificate: certificates are soulbound (ERC-5192).
    function locked(uint256 tokenId) external view returns (bool) {
        _existing(tokenId);
        return true;
    }

    /// @notice On-chain JSON metadata (data URI) describing the certificate in full.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        Certificate memory cert = certificate(tokenId);
        return _renderer.render(
            tokenId,
            cert,
            CertificateRenderer.Context({
                registrationNumber: registrationNumber(tokenId),
                productRegistrationNumber: _products.registrationNumber(cert.productId),
                parentRegistrationNumber: cert.parentId == 0 ? "" : registrationNumber(cert.parentId),
                validity: _validity(tokenId)
            })
        );
    }

    /// @notice Reverts: certificates are soulbound and cannot be approved.
    function approve(address, uint256 tokenId) public pure override {
        revert RightsCertificateLocked(tokenId);
    }

    /// @notice Reverts: certificates are soulbound and cannot be approved.
    function setApprovalForAll(address operator, bool) public pure override {
        revert RightsCertificateApprovalsDisabled(operator);
    }

    /// @notice ERC-721, ERC-721 Metadata, ERC-5192 and ERC-165.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IERC5192).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev The single choke point of ERC-721: only mints pass, every transfer reverts.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        if (_ownerOf(tokenId) != address(0)) revert RightsCertificateLocked(tokenId);
        return super._update(to, tokenId, auth);
    }

    function _mintCertificate(
        address holder,
        Record memory record,
        bytes32 scopeHash,
        bytes32 evidenceHash,
        uint256 predecessorId
    ) private returns (uint256 tokenId) {
        if (scopeHash == bytes32(0) || evidenceHash == bytes32(0)) revert RightsCertificateMissingHash();
        Sequence memory sequence = _sequence;
        if (sequence.awaitingCarry) revert RecordMigrationAwaitingCarry(predecessor());
        uint48 id = sequence.certificateCount + 1;
        uint16 issuerIndex = sequence.lastIssuer == msg.sender ? sequence.lastIssuerIndex : _issuerIndexOf(msg.sender);
        _sequence = Sequence(id, issuerIndex, msg.sender, sequence.paused, sequence.isSealed, false);
        tokenId = id;
        record.issuedAt = _now();
        record.issuerIndex = issuerIndex;
        // One packed SSTORE: assigning the memory struct field by field would rewrite the slot per field.
        _store(tokenId, record);
        // A traded licence's hashes stay in its ledger (see `_hashesOf`).
        if (record.tradeId == 0) _hashes[tokenId] = Hashes(scopeHash, evidenceHash);
        _mint(holder, tokenId);
        emit Locked(tokenId);
        emit CertificateIssued(
            tokenId,
            record.productId,
            holder,
            record.category,
            record.parentId,
            msg.sender,
            record.expiresAt,
            scopeHash,
            evidenceHash
        );
        if (predecessorId != 0) {
            _predecessors[tokenId] = predecessorId;
            _successors[predecessorId] = tokenId;
            emit CertificateReplaced(predecessorId, tokenId);
        }
    }

    /// @dev The checks of a licence out of `parentId`, and its record.
    function _licence(uint256 parentId, address holder, RightCategory category, uint40 expiresAt)
        private
        view
        returns (Record memory record)
    {
        return _licenceOf(parentId, _existing(parentId), holder, category, expiresAt);
    }

    /// @dev `_licence`, with the parent's record (`parent`) already read.
    function _licenceOf(uint256 parentId, Record memory parent, address holder, RightCategory category, uint40 expiresAt)
        private
        view
        returns (Record memory record)
    {
        bool productAvailable = _requireValid(parentId, parent);
        if (!_isNarrower(category, parent.category)) revert RightsCertificateInvalidCategory(category, parent.category);
        if (!productAvailable) revert RightsCertificateProductUnavailable(parent.productId);
        _checkHolder(holder);
        _checkExpiry(expiresAt, parent.expiresAt);
        record = Record(parent.productId, uint48(parentId), 0, expiresAt, 0, category, CertificateStatus.Active, 0, 0);
    }

    /// @dev Reverts when `tokenId` or an ancestor is frozen or pledged.
    function _checkChainUnencumbered(uint256 tokenId) private view {
        (uint256 encumberedId, address pledgee) = _firstEncumbered(tokenId, _load(tokenId).parentId);
        if (encumberedId == 0) return;
        if (pledgee != address(0)) revert RightsCertificatePledged(encumberedId, pledgee);
        revert RightsCertificateFrozen(encumberedId);
    }

    /// @dev The first certificate of the chain of `tokenId` (itself, then each ancestor's
    /// stand-in) frozen by an objection or pledged, and its pledgee. `parentId` is the parent of
    /// `tokenId`, which the caller has read.
    function _firstEncumbered(uint256 tokenId, uint256 parentId)
        private
        view
        returns (uint256 encumberedId, address pledgee)
    {
        uint256 id = tokenId;
        while (id != 0) {
            Encumbrance memory encumbrance_ = _encumbrances[id];
            if (encumbrance_.openObjections != 0) return (id, address(0));
            if (encumbrance_.pledgee != address(0)) return (id, encumbrance_.pledgee);
            if (id != tokenId) parentId = _load(id).parentId;
            id = parentId == 0 ? 0 : _standIn(parentId);
        }
    }

    function _release(uint256 tokenId) private {
        _releaseFrom(tokenId, _load(tokenId));
    }

    /// @dev `_release`, with the record (`record`) of `tokenId` already read.
    function _releaseFrom(uint256 tokenId, Record memory record) private {
        if (record.openTrades == 0) revert RightsCertificateNotReserved(tokenId);
        --record.openTrades;
        _store(tokenId, record);
    }

    /// @dev Scope and evidence: stored here, or, for a traded licence, kept by the ledger that
    /// issued it. An issuer that does not answer (a misconfigured MARKET_ROLE account) yields
    /// zero hashes rather than making the certificate unreadable.
    function _hashesOf(uint256 tokenId, Record memory record)
        private
        view
        returns (bytes32 scopeHash, bytes32 evidenceHash)
    {
        if (record.tradeId == 0) {
            Hashes memory hashes = _hashes[tokenId];
            return (hashes.scopeHash, hashes.evidenceHash);
        }
        (bool answered, bytes memory terms) = _issuers[record.issuerIndex - 1].staticcall(
            abi.encodeCall(ILicenceTerms.licenceTerms, (record.tradeId))
        );
        if (answered && terms.length == 64) (scopeHash, evidenceHash) = abi.decode(terms, (bytes32, bytes32));
    }

    /// @dev Transfer and change: a successor with the same product, category, parent and expiry.
    function _replace(uint256 tokenId, Record memory old, address holder, bytes32 scopeHash, bytes32 evidenceHash)
        private
        returns (uint256 newTokenId)
    {
        _setStatus(tokenId, CertificateStatus.Superseded, bytes32(0));
        old.status = CertificateStatus.Active;
        // The successor is the Registrar's act and keeps its own hashes.
        old.tradeId = 0;
        newTokenId = _mintCertificate(holder, old, scopeHash, evidenceHash, tokenId);
    }

    function _requireReplaceable(uint256 tokenId) private view returns (Record memory old) {
        old = _existing(tokenId);
        bool productAvailable = _requireValid(tokenId, old);
        _checkUnencumbered(tokenId);
        if (old.openTrades != 0) revert RightsCertificateReserved(tokenId, old.openTrades);
        // A suspension of, or an open objection against, the product stops every registration act on it.
        if (!productAvailable) revert RightsCertificateProductUnavailable(old.productId);
    }

    function _issuerIndexOf(address issuer) private returns (uint16 index) {
        index = _issuerIndexes[issuer];
        if (index == 0) {
            if (_issuers.length == type(uint16).max) revert RightsCertificateTooManyIssuers();
            _issuers.push(issuer);
            index = uint16(_issuers.length);
            _issuerIndexes[issuer] = index;
        }
    }

    function _setStatus(uint256 tokenId, CertificateStatus status, bytes32 reasonHash) private {
        Record memory record = _load(tokenId);
        CertificateStatus previousStatus = record.status;
        record.status = status;
        _store(tokenId, record);
        emit CertificateStatusChanged(tokenId, previousStatus, status, reasonHash);
    }

    /// @dev Valid now: the certificate and every ancestor are Active and unexpired. A superseded
    /// ancestor (transferred or changed) is stood in for by its successor.
    function _validity(uint256 tokenId) private view returns (CertificateValidity) {
        return _validityOf(_load(tokenId));
    }

    /// @dev `_validity` of the certificate whose record is `record`.
    function _validityOf(Record memory record) private view returns (CertificateValidity) {
        if (record.issuedAt == 0) return CertificateValidity.Nonexistent;
        CertificateValidity own = _ownValidity(record);
        if (own != CertificateValidity.Valid) return own;
        (, ProductStatus productStatus,,) = _products.productState(record.productId);
        return _chainValidity(record, productStatus);
    }

    /// @dev The rest of the validity of a certificate valid on its own: its product not Revoked
    /// (every certificate of a chain is of the same product, so one read covers them all), and
    /// every ancestor's stand-in valid on its own.
    function _chainValidity(Record memory record, ProductStatus productStatus)
        private
        view
        returns (CertificateValidity)
    {
        if (productStatus == ProductStatus.Revoked) return CertificateValidity.ProductRevoked;
        for (uint256 ancestorId = record.parentId; ancestorId != 0; ancestorId = record.parentId) {
            record = _load(_standIn(ancestorId));
            if (_ownValidity(record) != CertificateValidity.Valid) return CertificateValidity.AncestorInvalid;
        }
        return CertificateValidity.Valid;
    }

    /// @dev Reverts unless the existing `tokenId` (record `record`) is valid; returns whether its
    /// product can take registration acts (exists, neither Suspended, Revoked, Core nor frozen).
    /// One read of the product serves both answers.
    function _requireValid(uint256 tokenId, Record memory record) private view returns (bool productAvailable) {
        (address provider, ProductStatus status, Classification classification, bool frozen) =
            _products.productState(record.productId);
        CertificateValidity validity_ = _ownValidity(record);
        if (validity_ == CertificateValidity.Valid) validity_ = _chainValidity(record, status);
        if (validity_ != CertificateValidity.Valid) revert RightsCertificateNotValid(tokenId, validity_);
        productAvailable = provider != address(0) && status != ProductStatus.Suspended && status != ProductStatus.Revoked
            && classification != Classification.Core && !frozen;
    }

    function _ownValidity(Record memory record) private view returns (CertificateValidity) {
        CertificateStatus status = record.status;
        if (status == CertificateStatus.Suspended) return CertificateValidity.Suspended;
        if (status == CertificateStatus.Revoked) return CertificateValidity.Revoked;
        if (status == CertificateStatus.Surrendered) return CertificateValidity.Surrendered;
        if (status == CertificateStatus.Superseded) return CertificateValidity.Superseded;
        if (record.expiresAt <= _now()) return CertificateValidity.Expired;
        return CertificateValidity.Valid;
    }

    /// @dev The live certificate standing for `tokenId`: itself, or its latest successor.
    function _standIn(uint256 tokenId) private view returns (uint256) {
        while (_load(tokenId).status == CertificateStatus.Superseded) tokenId = _successors[tokenId];
        return tokenId;
    }

    function _isNarrower(RightCategory category, RightCategory parentCategory) private pure returns (bool) {
        if (parentCategory == RightCategory.ResourceHolding) return category != RightCategory.ResourceHolding;
        return parentCategory == RightCategory.ProductOperation && category == RightCategory.ProcessingUse;
    }

    function _checkProductAvailable(ProductId productId) private view {
        (address provider, ProductStatus status, Classification classification, bool frozen) =
            _products.productState(productId);
        if (
            provider == address(0) || status == ProductStatus.Suspended || status == ProductStatus.Revoked
                || classification == Classification.Core || frozen
        ) revert RightsCertificateProductUnavailable(productId);
    }

    /// @dev A holder acts on its right (surrender, pledge) only while Active: a Suspended participant,
    /// or a Revoked one (a replaced key among them), cannot give its rights away.
    function _checkActingHolder() private view {
        (ParticipantStatus status,,,,) = _participants.accreditation(msg.sender);
        if (status != ParticipantStatus.Active) revert RightsCertificateHolderNotAccredited(msg.sender);
    }

    function _checkHolder(address holder) private view {
        if (!_participants.isAccredited(holder, 0)) revert RightsCertificateHolderNotAccredited(holder);
    }

    function _checkExpiry(uint40 expiresAt, uint40 limit) private view {
        if (expiresAt <= _now() || expiresAt > limit) revert RightsCertificateInvalidExpiry(expiresAt, limit);
    }

    /// @dev Neither frozen by an objection nor pledged.
    function _checkUnencumbered(uint256 tokenId) private view {
        Encumbrance memory encumbrance_ = _encumbrances[tokenId];
        if (encumbrance_.openObjections != 0) revert RightsCertificateFrozen(tokenId);
        if (encumbrance_.pledgee != address(0)) revert RightsCertificatePledged(tokenId, encumbrance_.pledgee);
    }

    function _existing(uint256 tokenId) private view returns (Record memory record) {
        record = _load(tokenId);
        if (record.issuedAt == 0) revert RightsCertificateUnknown(tokenId);
    }

    /// @dev Bit layout, low to high: productId 48 | parentId 48 | issuedAt 40 | expiresAt 40 |
    /// issuerIndex 16 | category 4 | status 4 | tradeId 40 | openTrades 16. Both enums have
    /// fewer than 16 members.
    function _store(uint256 tokenId, Record memory record) private {
        _records[tokenId] = uint256(uint48(ProductId.unwrap(record.productId))) | (uint256(record.parentId) << 48)
            | (uint256(record.issuedAt) << 96) | (uint256(record.expiresAt) << 136)
            | (uint256(record.issuerIndex) << 176) | (uint256(record.category) << 192)
            | (uint256(record.status) << 196) | (uint256(record.tradeId) << 200) | (uint256(record.openTrades) << 240);
    }

    function _load(uint256 tokenId) private view returns (Record memory record) {
        uint256 word = _records[tokenId];
        record.productId = ProductId.wrap(uint48(word));
        record.parentId = uint48(word >> 48);
        record.issuedAt = uint40(word >> 96);
        record.expiresAt = uint40(word >> 136);
        record.issuerIndex = uint16(word >> 176);
        record.category = RightCategory(uint8(word >> 192) & 0x0f);
        record.status = CertificateStatus(uint8(word >> 196) & 0x0f);
        record.tradeId = uint40(word >> 200);
        record.openTrades = uint16(word >> 240);
    }

    /// @inheritdoc ObjectionBook
    function _requireObjectable(uint256 targetId) internal view override {
        CertificateStatus status = _existing(targetId).status;
        if (status != CertificateStatus.Active && status != CertificateStatus.Suspended) {
            revert RightsCertificateInvalidStatus(targetId, status);
        }
    }

    /// @inheritdoc ObjectionBook
    function _adjustOpenObjections(uint256 targetId, bool opened) internal override {
        if (opened) ++_encumbrances[targetId].openObjections;
        else --_encumbrances[targetId].openObjections;
    }

    /// @inheritdoc ObjectionBook
    function _revokeOnUpheldObjection(uint256 targetId, bytes32 reasonHash) internal override {
        CertificateStatus status = _load(targetId).status;
        if (status == CertificateStatus.Active || status == CertificateStatus.Suspended) {
            _setStatus(targetId, CertificateStatus.Revoked, reasonHash);
        }
    }

    /// @dev Table 0: a certificate's words and holder; 1: an objection; 2: the issuer at a 1-based
    /// roster index. Issuers are carried first, in order: a certificate names its issuer by index.
    function _exportRecord(uint8 table, uint256 id) internal view override returns (bytes memory) {
        if (table == 1) return _exportObjection(id);
        if (table == 2 && id != 0 && id <= _issuers.length) return abi.encode(_issuers[id - 1]);
        if (table != 0 || _records[id] == 0) revert RecordMigrationNothingToCarry(table, id);
        return abi.encode(
            CarriedCertificate(
                _records[id], _hashes[id], _predecessors[id], _successors[id], _encumbrances[id], _ownerOf(id)
            )
        );
    }

    function _importRecord(uint8 table, uint256 id, bytes memory data) internal override {
        if (table == 1) return _importObjection(id, _carriedObjections, data);
        if (table == 2) {
            if (id != _issuers.length + 1) revert RecordMigrationNothingToCarry(table, id);
            address issuer = abi.decode(data, (address));
            _issuers.push(issuer);
            _issuerIndexes[issuer] = uint16(id);
            return;
        }
        if (table != 0 || id > _carriedCertificates) revert RecordMigrationNothingToCarry(table, id);
        if (_records[id] != 0) revert RecordMigrationAlreadyCarried(table, id);
        CarriedCertificate memory carried = abi.decode(data, (CarriedCertificate));
        _records[id] = carried.record;
        _hashes[id] = carried.hashes;
        _predecessors[id] = carried.predecessorId;
        _successors[id] = carried.successorId;
        _encumbrances[id] = carried.encumbrance;
        uint16 issuerIndex = _load(id).issuerIndex;
        if (issuerIndex > _issuers.length) revert RecordMigrationNothingToCarry(2, issuerIndex);
        _mint(carried.holder, id);
        emit Locked(id);
    }

    function _settleCarriedCounts() internal override {
        uint256 certificates =
            _carriedAfterSeal(IRightsCertificate.certificateCount.selector, _carriedCertificates, _sequence.certificateCount);
        if (certificates != _carriedCertificates) {
            _carriedCertificates = certificates;
            _sequence.certificateCount = uint48(certificates);
        }
        uint256 objections = _carriedAfterSeal(IObjectionBook.objectionCount.selector, _carriedObjections, _objectionsCounted());
        if (objections != _carriedObjections) {
            _carriedObjections = objections;
            _continueObjectionIds(objections);
        }
    }

    function _paused() internal view override returns (bool) {
        return _sequence.paused;
    }

    function _sealed() internal view override returns (bool) {
        return _sequence.isSealed;
    }

    /// @dev Only the trade ledger (MARKET_ROLE) seals the certificates, with itself: sealed before it,
    /// they could still be reserved by a trade it confirmed.
    function _checkSealer() internal view override {
        _checkExchangeRole(ExchangeRoles.MARKET_ROLE, msg.sender);
    }

    function _awaitingCarry() internal view override returns (bool) {
        return _sequence.awaitingCarry;
    }

    function _setAwaitingCarry(bool awaiting) internal override {
        _sequence.awaitingCarry = awaiting;
    }

    function _setSealed() internal override {
        _sequence.isSealed = true;
    }

    function _setPaused(bool paused_) internal override {
        _sequence.paused = paused_;
    }
}
