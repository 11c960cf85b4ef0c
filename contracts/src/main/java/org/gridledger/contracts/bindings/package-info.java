/**
 * Web3j wrappers of the grid contracts ({@code TwinRegistry}, {@code FarmRegistry}, {@code
 * NodeRegistry}, {@code PricingPolicy}, {@code Reservations}, {@code Staking}).
 *
 * <p>The classes are generated in the build from the committed ABI and bytecode in {@code
 * contracts/build/} and are not committed; each exposes deploy/load, one method per contract
 * function, event decoders ({@code getXxxEvents(receipt)}) and its custom errors as {@code
 * CustomError} constants. Used by the SDK and the capacity node over JSON-RPC.
 */
package org.gridledger.contracts.bindings;
