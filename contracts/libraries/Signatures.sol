// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @title Signatures
/// @notice A signature by an EOA (ECDSA, no malleable high-s forms) or by a contract wallet
/// (ERC-1271), as OpenZeppelin's SignatureChecker checks them.
/// @dev Not SignatureChecker itself: in OpenZeppelin 5.4 it imports `Bytes`, whose MCOPY no
/// london-era chain (GoQuorum) has, so the contracts would no longer build for london. The
/// ERC-1271 check below is SignatureChecker.isValidERC1271SignatureNow's, word for word in effect.
/// ECDSA is tried first, so an EOA costs no code-size lookup of its account.
library Signatures {
    /// @return valid Whether `signer` signed `hash`.
    /// @return recovered The ECDSA signer of `signature` (zero when malformed), for error messages.
    function check(address signer, bytes32 hash, bytes calldata signature)
        internal
        view
        returns (bool valid, address recovered)
    {
        ECDSA.RecoverError error_;
        (recovered, error_,) = ECDSA.tryRecover(hash, signature);
        if (error_ == ECDSA.RecoverError.NoError && recovered == signer) return (true, recovered);
        if (signer.code.length == 0) return (false, recovered);
        (bool success, bytes memory result) =
            signer.staticcall(abi.encodeCall(IERC1271.isValidSignature, (hash, signature)));
        valid = success && result.length >= 32
            && abi.decode(result, (bytes32)) == bytes32(IERC1271.isValidSignature.selector);
    }
}
