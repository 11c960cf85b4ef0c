/**
 * The Cancun interpreter: opcode metadata ({@link org.gridledger.evm.interpreter.Opcodes}, {@link
 * org.gridledger.evm.interpreter.OpInfo}, the layered {@link
 * org.gridledger.evm.interpreter.JumpTable}), the instruction loop ({@link
 * org.gridledger.evm.interpreter.Interpreter}) dispatching to static operations grouped by category
 * ({@code ArithmeticOps}, {@code BitwiseOps}, {@code ComparisonOps}, {@code KeccakOps}, {@code
 * EnvironmentOps}, {@code BlockOps}, {@code StackOps}, {@code MemoryOps}, {@code StorageOps},
 * {@code FlowOps}, {@code LogOps}, {@code SystemOps}), frames with a four-limb {@code long[]}
 * operand stack, and the {@link org.gridledger.evm.interpreter.CallExecutor} that runs nested calls
 * on an explicit frame stack. Halts are {@link org.gridledger.evm.interpreter.Status} codes, not
 * exceptions.
 */
package org.gridledger.evm.interpreter;
