/**
 * The Solidity contract ABI, as far as the genesis builder needs it: the type model ({@link
 * org.gridledger.genesis.abi.AbiType}), head/tail encoding of calls ({@link
 * org.gridledger.genesis.abi.AbiEncoder}), decoding of return and revert data ({@link
 * org.gridledger.genesis.abi.AbiDecoder}) and a contract's functions and custom errors read from
 * its compiled artifact ({@link org.gridledger.genesis.abi.ContractAbi}).
 *
 * <p>Specification: "Contract ABI Specification" of the Solidity documentation (formal
 * specification of the encoding, function selectors, errors).
 */
package org.gridledger.genesis.abi;
