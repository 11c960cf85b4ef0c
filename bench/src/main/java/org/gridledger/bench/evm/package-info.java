/**
 * EVM programs that stress the interpreter, shared by the JMH benchmarks and the peer comparison.
 */
package org.gridledger.bench.evm;
