// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IAccessControlEnumerable} from "@openzeppelin/contracts/access/extensions/IAccessControlEnumerable.sol";
import {Participant, ParticipantStatus, AssessmentKind} from "../types/DataRightsTypes.sol";

/// @title IParticipantRegistry
/// @notice Accreditation register of the exchange's market entities (providers, buyers,
/// assessors, brokers, financiers, auditors) and role table of its staff (Admin, Registrar,
/// Arbiter). It is the single source of truth of who may act: the other datarights contracts
/// ask it, and it answers the EEA account-permissioning call for permissioning plugins.
/// @dev Every change of an accreditation is an event, as the Data Security Law (art. 33)
/// requires the exchange to keep records of the identity verifications it performs.
interface IParticipantRegistry is IAccessControlEnumerable {
    /// @notice `account` cancelled every deal it signed with a nonce below `floor`.
    event NonceFloorRaised(address indexed account, uint64 previousFloor, uint64 floor);

    /// @notice An account applied for accreditation and awaits the Registrar's review.
    event ParticipantApplied(
        address indexed account,
        uint8 kinds,
        uint16 assessmentKinds,
        bytes2 jurisdiction,
        bytes32 dossierHash
    );

    /// @notice The Registrar accredited (or re-accredited) `account`; the record is now Active.
    event ParticipantAccredited(
        address indexed account,
        uint8 kinds,
        uint16 assessmentKinds,
        bytes2 jurisdiction,
        bytes32 dossierHash,
        uint40 accreditedUntil
    );

    /// @notice The status of `account` changed from `previousStatus` to `status`.
    /// @param reasonHash Hash of the decision's reasons; zero when none was given.
    event ParticipantStatusChanged(
        address indexed account,
        ParticipantStatus previousStatus,
        ParticipantStatus status,
        bytes32 reasonHash
    );

    /// @notice Governance named `successor` as the registry of the deployment that succeeds this
    /// one, at epoch `epoch`: records made from now on are made there.
    event SuccessorSet(IParticipantRegistry indexed successor, uint32 epoch);

    /// @notice Key rotation: the Registrar replaced `account` by `newAccount`, which holds its record
    /// from now on; `account` is Revoked. `keyLost`: without the old key's signature, after the
    /// delay, citing the dossier evidence `evidenceHash`.
    event AccountReplaced(address indexed account, address indexed newAccount, bytes32 evidenceHash, bool keyLost);
    /// @notice The Registrar proposed replacing `account`, whose key is lost, by `newAccount`: it
    /// may be completed from `effectiveAt`.
    event AccountReplacementProposed(
        address indexed account, address indexed newAccount, bytes32 evidenceHash, uint48 effectiveAt
    );
    /// @notice The proposed replacement of `account` by `newAccount` was cancelled.
    event AccountReplacementCancelled(address indexed account, address indexed newAccount);

    /// @notice `account` is the zero address.
    error ParticipantRegistryZeroAccount();
    /// @notice `newAccount` cannot replace `account`: zero, the same, already known to the registry,
    /// staff or a market contract; or `account` went through 16 replacements already.
    error ParticipantRegistryInvalidReplacement(address account, address newAccount);
    /// @notice The signature is not `account`'s over its replacement, or its deadline has passed.
    error ParticipantRegistryInvalidReplacementSignature(address account);
    /// @notice No replacement of `account` is pending.
    error ParticipantRegistryNoPendingReplacement(address account);
    /// @notice The replacement of `account` may be completed from `effectiveAt`, not before.
    error ParticipantRegistryReplacementNotDue(address account, uint48 effectiveAt);
    /// @notice `predecessor` is not a registry of the same exchange, or it has a successor already.
    error ParticipantRegistryInvalidPredecessor(address predecessor);
    /// @notice `successor` is not a registry whose predecessor is this one, at the next epoch.
    error ParticipantRegistryInvalidSuccessor(address successor);
    /// @notice The successor is set once: it is `successor`.
    error ParticipantRegistrySuccessorAlreadySet(address successor);
    /// @notice `kinds` is empty or has a bit outside the defined participant kinds.
    error ParticipantRegistryInvalidKinds(uint8 kinds);
    /// @notice `assessmentKinds` names an undefined kind, or is set for a non-assessor (or empty for one).
    error ParticipantRegistryInvalidAssessmentKinds(uint16 assessmentKinds);
    /// @notice `jurisdiction` is not two upper-case letters (ISO 3166-1 alpha-2).
    error ParticipantRegistryInvalidJurisdiction(bytes2 jurisdiction);
    /// @notice The accreditation dossier hash is zero.
    error ParticipantRegistryMissingDossier();
    /// @notice `accreditedUntil` is not in the future.
    error ParticipantRegistryInvalidExpiry(uint40 accreditedUntil);
    /// @notice `exchangeCode` is not 2 to 8 upper-case letters.
    error ParticipantRegistryInvalidExchangeCode(string exchangeCode);
    /// @notice The action is not allowed while `account` has status `status`.
    error ParticipantRegistryInvalidStatus(address account, ParticipantStatus status);
    /// @notice `account` may only raise its nonce floor, by at most MAX_FLOOR_RAISE: `floor` is
    /// not above `currentFloor`, or too far above it.
    error ParticipantRegistryInvalidNonceFloor(address account, uint64 currentFloor, uint64 floor);

    /// @notice Applies, as the caller, for accreditation. Records a Pending participant for the
    /// Registrar to review; on a chain that gates transactions, the Registrar calls `accredit`
    /// directly instead.
    /// @param kinds Bit set of `ParticipantKinds` flags.
    /// @param assessmentKinds For assessors, bit set of `1 << AssessmentKind` applied for; else 0.
    /// @param jurisdiction ISO 3166-1 alpha-2 code.
    /// @param dossierHash Hash of the off-chain accreditation dossier.
    function applyForAccreditation(uint8 kinds, uint16 assessmentKinds, bytes2 jurisdiction, bytes32 dossierHash)
        external;

    /// @notice Accredits `account` as Active until `accreditedUntil`, replacing any earlier
    /// profile: first accreditation, approval of an application, renewal and change alike.
    /// @dev Registrar only. Refused for Suspended (reinstate first) and Revoked participants.
    function accredit(
        address account,
        uint8 kinds,
        uint16 assessmentKinds,
        bytes2 jurisdiction,
        bytes32 dossierHash,
        uint40 accreditedUntil
    ) external;

    /// @notice Suspends an Active participant. Registrar only.
    function suspend(address account, bytes32 reasonHash) external;

    /// @notice Lifts the suspension of a Suspended participant. Registrar only.
    function reinstate(address account, bytes32 reasonHash) external;

    /// @notice Revokes a participant's accreditation for good. Registrar only.
    function revoke(address account, bytes32 reasonHash) external;

    /// @notice The accreditation record of `account` (status None if it never applied).
    function participant(address account) external view returns (Participant memory);

    /// @notice True when `account` is Active, its accreditation unexpired, and it holds every
    /// kind in `kinds` (pass 0 to ask only whether it is an active participant).
    function isAccredited(address account, uint8 kinds) external view returns (bool);

    /// @notice The hot fields of `account`'s record, in one storage read: what a trade checks.
    function accreditation(address account)
        external
        view
        returns (ParticipantStatus status, uint8 kinds, bytes2 jurisdiction, uint40 accreditedUntil, uint64 nonceFloor);

    /// @notice Cancels, as a participant (of any status), every deal it signed with a nonce below
    /// `floor`, at once (Permit2's nonce floor): raises the caller's floor by at most
    /// MAX_FLOOR_RAISE, so a slip cannot lock it out.
    function raiseNonceFloor(uint64 floor) external;

    /// @notice True when `account` is an active, unexpired Assessor accredited for `kind`.
    function isAccreditedAssessor(address account, AssessmentKind kind) external view returns (bool);

    /// @notice True when `account` holds any staff role (Admin, Registrar, Arbiter, Pauser) or the
    /// regulator's: who may send transactions without an accreditation.
    function isStaff(address account) external view returns (bool);

    /// @notice The exchange's code, prefix of every registration number (e.g. "SZDE").
    function exchangeCode() external view returns (string memory);

    /// @notice The deployment's epoch: 1 for an exchange's first, its predecessor's plus one after.
    /// Part of every registration number, so numbers stay unique across deployments.
    function epoch() external view returns (uint32);

    /// @notice The registry of the deployment this one succeeds; zero for the first.
    function predecessor() external view returns (IParticipantRegistry);

    /// @notice The registry of the deployment that succeeds this one; zero until governance sets it.
    function successor() external view returns (IParticipantRegistry);

    /// @notice Names the successor deployment's registry, once. Admin only; `successor_` must name
    /// this registry as its predecessor. It seals the registry: every participant act reverts from
    /// then on (RecordMigrationSealed), and the other contracts of the deployment may be sealed.
    function setSuccessor(IParticipantRegistry successor_) external;

    /// @notice Key rotation, as the Registrar, with the old key's signature over
    /// `replacementDigest(account, newAccount, deadline)`, used before `deadline`: `newAccount`
    /// takes over `account`'s record (status, profile, nonce floor), and `account` is Revoked. Its
    /// certificates are then reissued to `newAccount` (RightsCertificate.reissue); its open trades,
    /// products, findings and pledges follow it (`currentAccount`).
    function replaceAccount(address account, address newAccount, uint256 deadline, bytes calldata signature) external;

    /// @notice Key rotation when the key is lost, as the Registrar: proposes `newAccount`, citing the
    /// dossier evidence `evidenceHash`; it may be completed after the admin delay (the governance
    /// delay, at least one day), and is visible on-chain until then.
    function proposeAccountReplacement(address account, address newAccount, bytes32 evidenceHash) external;

    /// @notice Completes a proposed replacement once due. Registrar only.
    function completeAccountReplacement(address account) external;

    /// @notice Cancels a proposed replacement: the account itself (its key is not lost), the
    /// Registrar or the Admin.
    function cancelAccountReplacement(address account) external;

    /// @notice The replacement of `account` pending, if any (zero `newAccount` when none).
    function pendingAccountReplacement(address account)
        external
        view
        returns (address newAccount, uint48 effectiveAt, bytes32 evidenceHash);

    /// @notice What the old key signs (EIP-191 personal message) to consent to its replacement.
    function replacementDigest(address account, address newAccount, uint256 deadline) external view returns (bytes32);


    /// @notice The account that holds `account`'s record now: itself, or its latest replacement.
    function currentAccount(address account) external view returns (address);


    /// @notice Number of accounts that ever applied or were accredited.
    function participantCount() external view returns (uint256);

    /// @notice The `index`-th account ever registered, in registration order.
    function participantAt(uint256 index) external view returns (address);

    /// @notice EEA account permissioning (selector 0x936421d5): true only for active
    /// participants and exchange staff. Target, value, gas and payload are not restricted.
    function transactionAllowed(
        address sender,
        address target,
        uint256 value,
        uint256 gasPrice,
        uint256 gasLimit,
        bytes calldata payload
    ) external view returns (bool);
}
