package org.gridledger.evm.interpreter;

import static org.gridledger.evm.interpreter.Opcodes.*;

import org.gridledger.evm.tracing.OperationTracer;

/**
 * The instruction loop. Each step, in this order: fetch the opcode; report it to the tracer (if
 * any); check the stack bounds and charge the constant gas from the {@link JumpTable}; execute.
 * Operations that only touch the operand stack run inline on local copies of {@code pc}, {@code sp}
 * and {@code gas}; the rest ({@link #frameOp}) work on the {@link Frame}, so the locals are written
 * back before and read again after them.
 *
 * <p>Halts are status codes ({@link Status}), never exceptions. CALL and CREATE return {@link
 * Status#SUSPEND} with the frame's pc already past the instruction; the {@link CallExecutor} runs
 * the child and calls {@link #run} again to continue.
 *
 * <p><b>Benchmark before refactoring</b> (see {@code InterpreterSpeedTest}): the shape of this
 * method (locals, one {@code switch}, small static methods the JIT inlines, no allocation) is what
 * makes it fast, and the JIT refuses to compile methods above 8000 bytecode bytes.
 */
public final class Interpreter {
  private Interpreter() {}

  /** Runs {@code f} from its current pc until it halts or suspends; returns the status. */
  public static int run(Frame f) {
    final long[] s = f.stack;
    final Code analysed = f.code;
    final byte[] code = analysed.padded;
    final JumpTable table = f.host.table;
    final long[] stepInfo = table.stepInfo;
    final OperationTracer tracer = f.host.tracer;
    int pc = f.pc;
    int sp = f.sp;
    long gas = f.gas;
    int status;
    loop:
    while (true) {
      final int op = code[pc] & 0xff;
      final long info = stepInfo[op];
      if (tracer != null) {
        f.pc = pc;
        f.sp = sp;
        f.gas = gas;
        tracer.onStep(f, op, table.name(op), (int) info);
      }
      final int minStack = (int) (info >>> 32) & 0xffff;
      if (Integer.compareUnsigned(sp - minStack, (int) (info >>> 48)) > 0) {
        status = stackError(minStack, sp);
        break;
      }
      gas -= (int) info;
      if (gas < 0) {
        gas = 0;
        status = Status.OUT_OF_GAS;
        break;
      }
      switch (op) {
        case STOP -> {
          status = Status.STOP;
          break loop;
        }
        case ADD -> {
          ArithmeticOps.add(s, sp);
          sp -= 4;
          pc++;
        }
        case MUL -> {
          ArithmeticOps.mul(s, sp);
          sp -= 4;
          pc++;
        }
        case SUB -> {
          ArithmeticOps.sub(s, sp);
          sp -= 4;
          pc++;
        }
        case DIV -> {
          ArithmeticOps.div(s, sp, f.work);
          sp -= 4;
          pc++;
        }
        case SDIV -> {
          ArithmeticOps.sdiv(s, sp, f.work);
          sp -= 4;
          pc++;
        }
        case MOD -> {
          ArithmeticOps.mod(s, sp, f.work);
          sp -= 4;
          pc++;
        }
        case SMOD -> {
          ArithmeticOps.smod(s, sp, f.work);
          sp -= 4;
          pc++;
        }
        case ADDMOD -> {
          ArithmeticOps.addmod(s, sp, f.tmp, f.work);
          sp -= 8;
          pc++;
        }
        case MULMOD -> {
          ArithmeticOps.mulmod(s, sp, f.tmp, f.work);
          sp -= 8;
          pc++;
        }
        case EXP -> {
          long dynamic = ArithmeticOps.expDynamicGas(s, sp);
          if (gas < dynamic) {
            status = Status.OUT_OF_GAS;
            break loop;
          }
          gas -= dynamic;
          ArithmeticOps.exp(s, sp, f.tmp);
          sp -= 4;
          pc++;
        }
        case SIGNEXTEND -> {
          ArithmeticOps.signextend(s, sp);
          sp -= 4;
          pc++;
        }
        case LT -> {
          ComparisonOps.lt(s, sp);
          sp -= 4;
          pc++;
        }
        case GT -> {
          ComparisonOps.gt(s, sp);
          sp -= 4;
          pc++;
        }
        case SLT -> {
          ComparisonOps.slt(s, sp);
          sp -= 4;
          pc++;
        }
        case SGT -> {
          ComparisonOps.sgt(s, sp);
          sp -= 4;
          pc++;
        }
        case EQ -> {
          ComparisonOps.eq(s, sp);
          sp -= 4;
          pc++;
        }
        case ISZERO -> {
          ComparisonOps.iszero(s, sp);
          pc++;
        }
        case AND -> {
          BitwiseOps.and(s, sp);
          sp -= 4;
          pc++;
        }
        case OR -> {
          BitwiseOps.or(s, sp);
          sp -= 4;
          pc++;
        }
        case XOR -> {
          BitwiseOps.xor(s, sp);
          sp -= 4;
          pc++;
        }
        case NOT -> {
          BitwiseOps.not(s, sp);
          pc++;
        }
        case BYTE -> {
          BitwiseOps.byteOp(s, sp);
          sp -= 4;
          pc++;
        }
        case SHL -> {
          BitwiseOps.shl(s, sp);
          sp -= 4;
          pc++;
        }
        case SHR -> {
          BitwiseOps.shr(s, sp);
          sp -= 4;
          pc++;
        }
        case SAR -> {
          BitwiseOps.sar(s, sp);
          sp -= 4;
          pc++;
        }
        case POP -> {
          sp -= 4;
          pc++;
        }
        case JUMP -> {
          int target = sp - 4;
          if (!U256.fitsUnsignedLong(s, target) || !analysed.isJumpDest(s[target])) {
            status = Status.INVALID_JUMP;
            break loop;
          }
          pc = (int) s[target];
          sp -= 4;
        }
        case JUMPI -> {
          int target = sp - 4;
          if (U256.isZero(s, sp - 8)) {
            pc++;
          } else {
            if (!U256.fitsUnsignedLong(s, target) || !analysed.isJumpDest(s[target])) {
              status = Status.INVALID_JUMP;
              break loop;
            }
            pc = (int) s[target];
          }
          sp -= 8;
        }
        case PC -> {
          U256.setLong(s, sp, pc);
          sp += 4;
          pc++;
        }
        case GAS -> {
          U256.setLong(s, sp, gas);
          sp += 4;
          pc++;
        }
        case JUMPDEST -> pc++;
        case PUSH0 -> {
          U256.setZero(s, sp);
          sp += 4;
          pc++;
        }
        case PUSH1 -> {
          U256.setLong(s, sp, code[pc + 1] & 0xffL);
          sp += 4;
          pc += 2;
        }
        case 0x61,
            0x62,
            0x63,
            0x64,
            0x65,
            0x66,
            0x67,
            0x68,
            0x69,
            0x6a,
            0x6b,
            0x6c,
            0x6d,
            0x6e,
            0x6f,
            0x70,
            0x71,
            0x72,
            0x73,
            0x74,
            0x75,
            0x76,
            0x77,
            0x78,
            0x79,
            0x7a,
            0x7b,
            0x7c,
            0x7d,
            0x7e,
            0x7f -> {
          int n = op - PUSH0;
          StackOps.push(s, sp, code, pc + 1, n);
          sp += 4;
          pc += n + 1;
        }
        case 0x80,
            0x81,
            0x82,
            0x83,
            0x84,
            0x85,
            0x86,
            0x87,
            0x88,
            0x89,
            0x8a,
            0x8b,
            0x8c,
            0x8d,
            0x8e,
            0x8f -> {
          StackOps.dup(s, sp, op - DUP1 + 1);
          sp += 4;
          pc++;
        }
        case 0x90,
            0x91,
            0x92,
            0x93,
            0x94,
            0x95,
            0x96,
            0x97,
            0x98,
            0x99,
            0x9a,
            0x9b,
            0x9c,
            0x9d,
            0x9e,
            0x9f -> {
          StackOps.swap(s, sp, op - SWAP1 + 1);
          pc++;
        }
        default -> {
          f.pc = pc;
          f.sp = sp;
          f.gas = gas;
          status = frameOp(f, op);
          sp = f.sp;
          gas = f.gas;
          if (status != Status.CONTINUE) {
            if (status == Status.SUSPEND) {
              pc++;
            }
            break loop;
          }
          pc++;
        }
      }
    }
    f.pc = pc;
    f.sp = sp;
    f.gas = gas;
    return status;
  }

  private static int stackError(int minLimbs, int sp) {
    if (minLimbs == JumpTable.UNDEFINED_MIN) {
      return Status.UNDEFINED_INSTRUCTION;
    }
    return sp < minLimbs ? Status.STACK_UNDERFLOW : Status.STACK_OVERFLOW;
  }

  /** Operations that need more than the operand stack: memory, state, environment, calls. */
  private static int frameOp(Frame f, int op) {
    return switch (op) {
      case KECCAK256 -> KeccakOps.keccak256(f);
      case ADDRESS -> EnvironmentOps.address(f);
      case BALANCE -> EnvironmentOps.balance(f);
      case ORIGIN -> EnvironmentOps.origin(f);
      case CALLER -> EnvironmentOps.caller(f);
      case CALLVALUE -> EnvironmentOps.callvalue(f);
      case CALLDATALOAD -> EnvironmentOps.calldataload(f);
      case CALLDATASIZE -> EnvironmentOps.calldatasize(f);
      case CALLDATACOPY -> EnvironmentOps.calldatacopy(f);
      case CODESIZE -> EnvironmentOps.codesize(f);
      case CODECOPY -> EnvironmentOps.codecopy(f);
      case GASPRICE -> EnvironmentOps.gasprice(f);
      case EXTCODESIZE -> EnvironmentOps.extcodesize(f);
      case EXTCODECOPY -> EnvironmentOps.extcodecopy(f);
      case RETURNDATASIZE -> EnvironmentOps.returndatasize(f);
      case RETURNDATACOPY -> EnvironmentOps.returndatacopy(f);
      case EXTCODEHASH -> EnvironmentOps.extcodehash(f);
      case BLOCKHASH -> BlockOps.blockhash(f);
      case COINBASE -> BlockOps.coinbase(f);
      case TIMESTAMP -> BlockOps.timestamp(f);
      case NUMBER -> BlockOps.number(f);
      case PREVRANDAO -> BlockOps.prevrandao(f);
      case GASLIMIT -> BlockOps.gaslimit(f);
      case CHAINID -> BlockOps.chainid(f);
      case SELFBALANCE -> EnvironmentOps.selfbalance(f);
      case BASEFEE -> BlockOps.basefee(f);
      case BLOBHASH -> BlockOps.blobhash(f);
      case BLOBBASEFEE -> BlockOps.blobbasefee(f);
      case MLOAD -> MemoryOps.mload(f);
      case MSTORE -> MemoryOps.mstore(f);
      case MSTORE8 -> MemoryOps.mstore8(f);
      case SLOAD -> StorageOps.sload(f);
      case SSTORE -> StorageOps.sstore(f);
      case MSIZE -> MemoryOps.msize(f);
      case TLOAD -> StorageOps.tload(f);
      case TSTORE -> StorageOps.tstore(f);
      case MCOPY -> MemoryOps.mcopy(f);
      case 0xa0, 0xa1, 0xa2, 0xa3, 0xa4 -> LogOps.log(f, op - LOG0);
      case CREATE, CREATE2 -> SystemOps.create(f, op);
      case CALL, CALLCODE, DELEGATECALL, STATICCALL -> SystemOps.call(f, op);
      case RETURN -> FlowOps.ret(f);
      case REVERT -> FlowOps.revert(f);
      case INVALID -> Status.INVALID_INSTRUCTION;
      case SELFDESTRUCT -> SystemOps.selfdestruct(f);
      default ->
          throw new IllegalStateException(
              String.format("opcode 0x%02x is in the jump table but not implemented", op));
    };
  }
}
