// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {AccessControlEnumerable} from "@openzeppelin/contracts/access/extensions/AccessControlEnumerable.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IParticipantRegistry} from "./interfaces/IParticipantRegistry.sol";
import {IRecordMigration} from "./interfaces/IRecordMigration.sol";
import {ExchangeRoles} from "./libraries/ExchangeRoles.sol";
import {ParticipantKinds} from "./libraries/ParticipantKinds.sol";
import {Signatures} from "./libraries/Signatures.sol";
import {Participant, ParticipantStatus, AssessmentKind} from "./types/DataRightsTypes.sol";

/// @title ParticipantRegistry
/// @notice Accreditation register of market entities and role table of exchange staff. The Admin
/// role has one holder, handed over in two steps with a delay (AccessControlDefaultAdminRules): a
/// TimelockController may hold it, so every policy change waits out its delay in public.
contract ParticipantRegistry is
    IParticipantRegistry,
    IRecordMigration,
    AccessControlEnumerable,
    AccessControlDefaultAdminRules
{
    /// @notice Role of the exchange's registration staff.
    bytes32 public constant REGISTRAR_ROLE = ExchangeRoles.REGISTRAR_ROLE;
    /// @notice Role of the exchange's dispute arbiters.
    bytes32 public constant ARBITER_ROLE = ExchangeRoles.ARBITER_ROLE;
    /// @notice Role that may pause and unpause new registrations and trades in an emergency.
    bytes32 public constant PAUSER_ROLE = ExchangeRoles.PAUSER_ROLE;
    /// @notice Role of the supervising regulator: lodges objections without accreditation.
    bytes32 public constant REGULATOR_ROLE = ExchangeRoles.REGULATOR_ROLE;

    /// @notice Most a participant may raise its nonce floor by at once.
    uint64 public constant MAX_FLOOR_RAISE = type(uint32).max;

    /// @dev One bit per AssessmentKind value.
    uint16 private constant _ALL_ASSESSMENT_KINDS = uint16((1 << (uint8(type(AssessmentKind).max) + 1)) - 1);

    mapping(address account => Participant) private _participants;
    address[] private _accounts;
    string private _exchangeCode;
    IParticipantRegistry private immutable _predecessor;
    uint32 private immutable _epoch;
    IParticipantRegistry private _successor;
    /// @dev Key rotation: the account that replaced each replaced account.
    mapping(address account => address) private _replacedBy;
    /// @dev Key rotation: how many replacements led to each account (0 for an original one).
    mapping(address account => uint256) private _replacementDepth;
    /// @dev A replacement without the old key's signature, waiting out the admin delay.
    struct PendingReplacement {
        address newAccount;
        uint48 effectiveAt;
        bytes32 evidenceHash;
    }

    mapping(address account => PendingReplacement) private _pendingReplacements;

    /// @dev Most replacements one participant may go through (16): `currentAccount` follows them all.
    uint256 private constant _MAX_REPLACEMENTS = 16;
    /// @dev Least wait of a replacement without the old key's signature (one day), whatever the admin delay.
    uint48 private constant _MIN_REPLACEMENT_DELAY = 1 days;

    /// @param admin Account granted the Admin role (DEFAULT_ADMIN_ROLE), which grants the others.
    /// @param exchangeCode_ Prefix of every registration number, 2 to 8 upper-case letters ("SZDE").
    /// @param adminDelay Seconds a handover of the Admin role waits between its start and its acceptance.
    /// @param predecessor_ The registry of the deployment this one succeeds, of the same exchange; zero
    /// for an exchange's first. The epoch is the predecessor's plus one, so registration numbers,
    /// which carry it, stay unique across deployments.
    constructor(address admin, string memory exchangeCode_, uint48 adminDelay, IParticipantRegistry predecessor_)
        AccessControlDefaultAdminRules(adminDelay, admin)
    {
        // A zero admin is refused by AccessControlDefaultAdminRules (AccessControlInvalidDefaultAdmin).
        bytes memory code = bytes(exchangeCode_);
        if (code.length < 2 || code.length > 8) revert ParticipantRegistryInvalidExchangeCode(exchangeCode_);
        for (uint256 i = 0; i < code.length; ++i) {
            if (!_isUpperLetter(code[i])) revert ParticipantRegistryInvalidExchangeCode(exchangeCode_);
        }
        uint32 epoch_ = 1;
        if (address(predecessor_) != address(0)) {
            // Of the same exchange, and not yet succeeded: numbers are unique along the successor links.
            if (
                keccak256(bytes(predecessor_.exchangeCode())) != keccak256(code)
                    || address(predecessor_.successor()) != address(0)
            ) revert ParticipantRegistryInvalidPredecessor(address(predecessor_));
            epoch_ = predecessor_.epoch() + 1;
        }
        _exchangeCode = exchangeCode_;
        _predecessor = predecessor_;
        _epoch = epoch_;
    }

    /// @inheritdoc IParticipantRegistry
    function epoch() external view returns (uint32) {
        return _epoch;
    }

    /// @inheritdoc IParticipantRegistry
    function predecessor() external view returns (IParticipantRegistry) {
        return _predecessor;
    }

    /// @inheritdoc IParticipantRegistry
    function successor() external view returns (IParticipantRegistry) {
        return _successor;
    }

    /// @inheritdoc IParticipantRegistry
    function setSuccessor(IParticipantRegistry successor_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(_successor) != address(0)) revert ParticipantRegistrySuccessorAlreadySet(address(_successor));
        if (
            address(successor_) == address(0) || address(successor_.predecessor()) != address(this)
                || successor_.epoch() != _epoch + 1
        ) revert ParticipantRegistryInvalidSuccessor(address(successor_));
        _successor = successor_;
        emit SuccessorSet(successor_, successor_.epoch());
    }

    /// @inheritdoc IRecordMigration
    /// @dev The registry is sealed by `setSuccessor` itself; its modules by their own `seal`.
    function isSealed() external view returns (bool) {
        return address(_successor) != address(0);
    }

    /// @inheritdoc IRecordMigration
    /// @dev Table 0 only: the participant whose account is `id`, with its key-rotation links.
    function exportRecord(uint8 table, uint256 id) external view returns (bytes memory) {
        address account = address(uint160(id));
        if (table != 0 || id > type(uint160).max || _participants[account].status == ParticipantStatus.None) {
            revert RecordMigrationNothingToCarry(table, id);
        }
        return abi.encode(
            _participants[account], _replacedBy[account], _replacementDepth[account], _pendingReplacements[account]
        );
    }

    /// @inheritdoc IRecordMigration
    /// @dev Staff roles are not carried: the successor's Admin grants its own.
    function importRecords(uint8 table, uint256[] calldata ids) external onlyRole(DEFAULT_ADMIN_ROLE) whenNotSealed {
        if (address(_predecessor) == address(0) || address(_predecessor.successor()) != address(this)) {
            revert RecordMigrationNotSucceeded(address(_predecessor));
        }
        for (uint256 i = 0; i < ids.length; ++i) {
            uint256 id = ids[i];
            address account = address(uint160(id));
            if (table != 0 || id > type(uint160).max) revert RecordMigrationNothingToCarry(table, id);
            if (_participants[account].status != ParticipantStatus.None) revert RecordMigrationAlreadyCarried(table, id);
            (
                Participant memory record,
                address replacedBy,
                uint256 depth,
                PendingReplacement memory pending
            ) = abi.decode(
                IRecordMigration(address(_predecessor)).exportRecord(table, id),
                (Participant, address, uint256, PendingReplacement)
            );
            _participants[account] = record;
            _accounts.push(account);
            if (replacedBy != address(0)) _replacedBy[account] = replacedBy;
            if (depth != 0) _replacementDepth[account] = depth;
            if (pending.newAccount != address(0)) _pendingReplacements[account] = pending;
            emit RecordImported(table, id);
        }
    }

    /// @inheritdoc IParticipantRegistry
    function exchangeCode() external view returns (string memory) {
        return _exchangeCode;
    }

    modifier onlyRegistrar() {
        _checkRole(REGISTRAR_ROLE);
        _;
    }

    /// @dev Once a successor is named, the registry is sealed: its records are carried over, so every
    /// participant act reverts and only reads (and governance's roles) go on.
    modifier whenNotSealed() {
        if (address(_successor) != address(0)) revert RecordMigrationSealed(address(_successor));
        _;
    }

    /// @inheritdoc IParticipantRegistry
    function applyForAccreditation(uint8 kinds, uint16 assessmentKinds, bytes2 jurisdiction, bytes32 dossierHash)
        external
        whenNotSealed
    {
        Participant storage record = _participants[msg.sender];
        ParticipantStatus previousStatus = record.status;
        if (previousStatus != ParticipantStatus.None && previousStatus != ParticipantStatus.Pending) {
            revert ParticipantRegistryInvalidStatus(msg.sender, previousStatus);
        }
        _validateProfile(kinds, assessmentKinds, jurisdiction, dossierHash);

        if (previousStatus == ParticipantStatus.None) _accounts.push(msg.sender);
        record.status = ParticipantStatus.Pending;
        record.kinds = kinds;
        record.assessmentKinds = assessmentKinds;
        record.jurisdiction = jurisdiction;
        record.updatedAt = uint40(block.timestamp);
        record.dossierHash = dossierHash;

        emit ParticipantApplied(msg.sender, kinds, assessmentKinds, jurisdiction, dossierHash);
        if (previousStatus == ParticipantStatus.None) {
            emit ParticipantStatusChanged(msg.sender, previousStatus, ParticipantStatus.Pending, bytes32(0));
        }
    }

    /// @inheritdoc IParticipantRegistry
    function accredit(
        address account,
        uint8 kinds,
        uint16 assessmentKinds,
        bytes2 jurisdiction,
        bytes32 dossierHash,
        uint40 accreditedUntil
    ) external onlyRegistrar whenNotSealed {
        if (account == address(0)) revert ParticipantRegistryZeroAccount();
        Participant storage record = _participants[account];
        ParticipantStatus previousStatus = record.status;
        if (previousStatus == ParticipantStatus.Suspended || previousStatus == ParticipantStatus.Revoked) {
            revert ParticipantRegistryInvalidStatus(account, previousStatus);
        }
        _validateProfile(kinds, assessmentKinds, jurisdiction, dossierHash);
        if (accreditedUntil <= block.timestamp) revert ParticipantRegistryInvalidExpiry(accreditedUntil);

        if (previousStatus == ParticipantStatus.None) _accounts.push(account);
        record.status = ParticipantStatus.Active;
        record.kinds = kinds;
        record.assessmentKinds = assessmentKinds;
        record.jurisdiction = jurisdiction;
        record.accreditedUntil = accreditedUntil;
        record.updatedAt = uint40(block.timestamp);
        record.dossierHash = dossierHash;

        emit ParticipantAccredited(account, kinds, assessmentKinds, jurisdiction, dossierHash, accreditedUntil);
        if (previousStatus != ParticipantStatus.Active) {
            emit ParticipantStatusChanged(account, previousStatus, ParticipantStatus.Active, bytes32(0));
        }
    }

    /// @inheritdoc IParticipantRegistry
    function suspend(address account, bytes32 reasonHash) external onlyRegistrar whenNotSealed {
        _changeStatus(account, ParticipantStatus.Active, ParticipantStatus.Suspended, reasonHash);
    }

    /// @inheritdoc IParticipantRegistry
    function reinstate(address account, bytes32 reasonHash) external onlyRegistrar whenNotSealed {
        _changeStatus(account, ParticipantStatus.Suspended, ParticipantStatus.Active, reasonHash);
    }

    /// @inheritdoc IParticipantRegistry
    function revoke(address account, bytes32 reasonHash) external onlyRegistrar whenNotSealed {
        ParticipantStatus status = _participants[account].status;
        if (status == ParticipantStatus.None || status == ParticipantStatus.Revoked) {
            revert ParticipantRegistryInvalidStatus(account, status);
        }
        _changeStatus(account, status, ParticipantStatus.Revoked, reasonHash);
    }

    /// @inheritdoc IParticipantRegistry
    function participant(address account) external view returns (Participant memory) {
        return _participants[account];
    }

    /// @inheritdoc IParticipantRegistry
    function isAccredited(address account, uint8 kinds) public view returns (bool) {
        Participant storage record = _participants[account];
        // Every field read before the first test: the optimizer then reads their one slot once
        // (a short-circuit between the reads would cost a warm read per field on every trade).
        (ParticipantStatus status, uint40 accreditedUntil, uint8 held) =
            (record.status, record.accreditedUntil, record.kinds);
        return status == ParticipantStatus.Active && accreditedUntil > block.timestamp && held & kinds == kinds;
    }

    /// @inheritdoc IParticipantRegistry
    function accreditation(address account)
        external
        view
        returns (ParticipantStatus status, uint8 kinds, bytes2 jurisdiction, uint40 accreditedUntil, uint64 nonceFloor)
    {
        Participant storage record = _participants[account];
        return (record.status, record.kinds, record.jurisdiction, record.accreditedUntil, record.nonceFloor);
    }

    /// @inheritdoc IParticipantRegistry
    function raiseNonceFloor(uint64 floor) external whenNotSealed {
        Participant storage record = _participants[msg.sender];
        if (record.status == ParticipantStatus.None) revert ParticipantRegistryInvalidStatus(msg.sender, record.status);
        uint64 previous = record.nonceFloor;
        if (floor <= previous || floor - previous > MAX_FLOOR_RAISE) {
            revert ParticipantRegistryInvalidNonceFloor(msg.sender, previous, floor);
        }
        record.nonceFloor = floor;
        emit NonceFloorRaised(msg.sender, previous, floor);
    }

    /// @inheritdoc IParticipantRegistry
    function isAccreditedAssessor(address account, AssessmentKind kind) external view returns (bool) {
        Participant storage record = _participants[account];
        // One read of the record's slot, as in `isAccredited`: a trade asks this per required kind.
        (ParticipantStatus status, uint40 accreditedUntil, uint8 held, uint16 assessmentKinds) =
            (record.status, record.accreditedUntil, record.kinds, record.assessmentKinds);
        return status == ParticipantStatus.Active && accreditedUntil > block.timestamp
            && held & ParticipantKinds.ASSESSOR == ParticipantKinds.ASSESSOR
            && assessmentKinds & (uint16(1) << uint8(kind)) != 0;
    }

    /// @inheritdoc IParticipantRegistry
    function isStaff(address account) public view returns (bool) {
        return hasRole(DEFAULT_ADMIN_ROLE, account) || hasRole(REGISTRAR_ROLE, account)
            || hasRole(ARBITER_ROLE, account) || hasRole(PAUSER_ROLE, account) || hasRole(REGULATOR_ROLE, account);
    }

    /// @inheritdoc IParticipantRegistry
    function participantCount() external view returns (uint256) {
        return _accounts.length;
    }

    /// @inheritdoc IParticipantRegistry
    function participantAt(uint256 index) external view returns (address) {
        return _accounts[index];
    }

    /// @inheritdoc IParticipantRegistry
    function transactionAllowed(address sender, address, uint256, uint256, uint256, bytes calldata)
        external
        view
        returns (bool)
    {
        return isAccredited(sender, 0) || isStaff(sender);
    }

    /// @inheritdoc IParticipantRegistry
    function replaceAccount(address account, address newAccount, uint256 deadline, bytes calldata signature)
        external
        onlyRegistrar
        whenNotSealed
    {
        if (block.timestamp > deadline) revert ParticipantRegistryInvalidReplacementSignature(account);
        // An EOA's ECDSA signature (no malleable form) or an ERC-1271 wallet's, as deals are signed.
        (bool valid,) = Signatures.check(account, replacementDigest(account, newAccount, deadline), signature);
        if (!valid) revert ParticipantRegistryInvalidReplacementSignature(account);
        _replaceAccount(account, newAccount, bytes32(0), false);
    }

    /// @inheritdoc IParticipantRegistry
    function proposeAccountReplacement(address account, address newAccount, bytes32 evidenceHash)
        external
        onlyRegistrar
        whenNotSealed
    {
        _checkReplaceable(account, newAccount);
        if (evidenceHash == bytes32(0)) revert ParticipantRegistryMissingDossier();
        uint48 delay = defaultAdminDelay();
        uint48 effectiveAt = uint48(block.timestamp) + (delay < _MIN_REPLACEMENT_DELAY ? _MIN_REPLACEMENT_DELAY : delay);
        _pendingReplacements[account] = PendingReplacement(newAccount, effectiveAt, evidenceHash);
        emit AccountReplacementProposed(account, newAccount, evidenceHash, effectiveAt);
    }

    /// @inheritdoc IParticipantRegistry
    function completeAccountReplacement(address account) external onlyRegistrar whenNotSealed {
        PendingReplacement memory pending = _pendingReplacements[account];
        if (pending.newAccount == address(0)) revert ParticipantRegistryNoPendingReplacement(account);
        if (block.timestamp < pending.effectiveAt) revert ParticipantRegistryReplacementNotDue(account, pending.effectiveAt);
        delete _pendingReplacements[account];
        _replaceAccount(account, pending.newAccount, pending.evidenceHash, true);
    }

    /// @inheritdoc IParticipantRegistry
    function cancelAccountReplacement(address account) external whenNotSealed {
        // The account itself (its key is not lost after all), the Registrar or the Admin.
        if (msg.sender != account && !hasRole(REGISTRAR_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, REGISTRAR_ROLE);
        }
        address newAccount = _pendingReplacements[account].newAccount;
        if (newAccount == address(0)) revert ParticipantRegistryNoPendingReplacement(account);
        delete _pendingReplacements[account];
        emit AccountReplacementCancelled(account, newAccount);
    }

    /// @inheritdoc IParticipantRegistry
    function pendingAccountReplacement(address account)
        external
        view
        returns (address newAccount, uint48 effectiveAt, bytes32 evidenceHash)
    {
        PendingReplacement memory pending = _pendingReplacements[account];
        return (pending.newAccount, pending.effectiveAt, pending.evidenceHash);
    }

    /// @inheritdoc IParticipantRegistry
    function replacementDigest(address account, address newAccount, uint256 deadline) public view returns (bytes32) {
        return MessageHashUtils.toEthSignedMessageHash(
            keccak256(abi.encode("datarights account replacement", block.chainid, address(this), account, newAccount, deadline))
        );
    }


    /// @inheritdoc IParticipantRegistry
    function currentAccount(address account) external view returns (address) {
        for (uint256 i = 0; i < _MAX_REPLACEMENTS; ++i) {
            address next = _replacedBy[account];
            if (next == address(0)) return account;
            account = next;
        }
        return account;
    }


    /// @inheritdoc AccessControlEnumerable
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(AccessControlEnumerable, AccessControlDefaultAdminRules)
        returns (bool)
    {
        return interfaceId == type(IParticipantRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    /// @dev Sealed with the registry: no staff role is granted once the records moved to a successor
    /// (revoking and renouncing go on).
    function grantRole(bytes32 role, address account)
        public
        override(AccessControl, AccessControlDefaultAdminRules, IAccessControl)
        whenNotSealed
    {
        super.grantRole(role, account);
    }

    function revokeRole(bytes32 role, address account)
        public
        override(AccessControl, AccessControlDefaultAdminRules, IAccessControl)
    {
        super.revokeRole(role, account);
    }

    function renounceRole(bytes32 role, address callerConfirmation)
        public
        override(AccessControl, AccessControlDefaultAdminRules, IAccessControl)
    {
        super.renounceRole(role, callerConfirmation);
    }

    function _grantRole(bytes32 role, address account)
        internal
        override(AccessControlEnumerable, AccessControlDefaultAdminRules)
        returns (bool)
    {
        return super._grantRole(role, account);
    }

    function _revokeRole(bytes32 role, address account)
        internal
        override(AccessControlEnumerable, AccessControlDefaultAdminRules)
        returns (bool)
    {
        return super._revokeRole(role, account);
    }

    function _setRoleAdmin(bytes32 role, bytes32 adminRole) internal override(AccessControl, AccessControlDefaultAdminRules) {
        super._setRoleAdmin(role, adminRole);
    }

    function _changeStatus(address account, ParticipantStatus expected, ParticipantStatus next, bytes32 reasonHash)
        private
    {
        Participant storage record = _participants[account];
        ParticipantStatus previousStatus = record.status;
        if (previousStatus != expected) revert ParticipantRegistryInvalidStatus(account, previousStatus);
        record.status = next;
        record.updatedAt = uint40(block.timestamp);
        emit ParticipantStatusChanged(account, previousStatus, next, reasonHash);
    }

    /// @dev `account` is an Active or Suspended participant; `newAccount` a fresh account, no staff.
    function _checkReplaceable(address account, address newAccount) private view {
        ParticipantStatus status = _participants[account].status;
        if (status != ParticipantStatus.Active && status != ParticipantStatus.Suspended) {
            revert ParticipantRegistryInvalidStatus(account, status);
        }
        if (
            newAccount == address(0) || newAccount == account || _participants[newAccount].status != ParticipantStatus.None
                || isStaff(newAccount) || hasRole(ExchangeRoles.MARKET_ROLE, newAccount)
                || _replacementDepth[account] >= _MAX_REPLACEMENTS
        ) revert ParticipantRegistryInvalidReplacement(account, newAccount);
    }

    /// @dev The record moves to `newAccount` with its status; the old account is Revoked for good.
    function _replaceAccount(address account, address newAccount, bytes32 evidenceHash, bool keyLost) private {
        _checkReplaceable(account, newAccount);
        Participant storage old = _participants[account];
        Participant storage record = _participants[newAccount];
        ParticipantStatus status = old.status;
        record.status = status;
        record.kinds = old.kinds;
        record.assessmentKinds = old.assessmentKinds;
        record.jurisdiction = old.jurisdiction;
        record.accreditedUntil = old.accreditedUntil;
        record.updatedAt = uint40(block.timestamp);
        record.nonceFloor = old.nonceFloor;
        record.dossierHash = old.dossierHash;
        _accounts.push(newAccount);
        _replacedBy[account] = newAccount;
        _replacementDepth[newAccount] = _replacementDepth[account] + 1;
        delete _pendingReplacements[account];

        emit ParticipantAccredited(
            newAccount, record.kinds, record.assessmentKinds, record.jurisdiction, record.dossierHash, record.accreditedUntil
        );
        emit ParticipantStatusChanged(newAccount, ParticipantStatus.None, status, evidenceHash);
        if (record.nonceFloor != 0) emit NonceFloorRaised(newAccount, 0, record.nonceFloor);
        _changeStatus(account, status, ParticipantStatus.Revoked, evidenceHash);
        emit AccountReplaced(account, newAccount, evidenceHash, keyLost);
    }

    function _validateProfile(uint8 kinds, uint16 assessmentKinds, bytes2 jurisdiction, bytes32 dossierHash)
        private
        pure
    {
        if (kinds == 0 || kinds & ~ParticipantKinds.ALL != 0) revert ParticipantRegistryInvalidKinds(kinds);
        bool isAssessor = kinds & ParticipantKinds.ASSESSOR != 0;
        if (
            assessmentKinds & ~_ALL_ASSESSMENT_KINDS != 0 || (isAssessor && assessmentKinds == 0)
                || (!isAssessor && assessmentKinds != 0)
        ) revert ParticipantRegistryInvalidAssessmentKinds(assessmentKinds);
        if (!_isUpperLetter(jurisdiction[0]) || !_isUpperLetter(jurisdiction[1])) {
            revert ParticipantRegistryInvalidJurisdiction(jurisdiction);
        }
        if (dossierHash == bytes32(0)) revert ParticipantRegistryMissingDossier();
    }

    function _isUpperLetter(bytes1 char) private pure returns (bool) {
        return char >= "A" && char <= "Z";
    }
}
