/**
 * Precompiled contracts 0x01–0x0a (Cancun). Gas is charged by the caller from {@link
 * org.gridledger.evm.precompile.Precompile#gas(byte[])} before {@link
 * org.gridledger.evm.precompile.Precompile#run(byte[])} runs.
 */
package org.gridledger.evm.precompile;
