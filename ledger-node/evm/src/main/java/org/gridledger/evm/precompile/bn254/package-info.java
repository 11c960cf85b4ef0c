/**
 * The bn254 (alt_bn128) curve behind precompiles 0x06–0x08 (EIP-196, EIP-197): the base field
 * {@link org.gridledger.evm.precompile.bn254.Fp} in Montgomery form, the tower F_p^2 ⊂ F_p^6 ⊂
 * F_p^12, the groups G1 (over F_p) and G2 (on the twist over F_p^2), and the optimal ate {@link
 * org.gridledger.evm.precompile.bn254.Pairing}. All values are immutable; everything here is pure
 * and thread-safe.
 */
package org.gridledger.evm.precompile.bn254;
