/**
 * Execution tracing: the {@link org.gridledger.evm.tracing.OperationTracer} callback interface
 * (null when off) and an EIP-3155 JSON-lines tracer.
 */
package org.gridledger.evm.tracing;
