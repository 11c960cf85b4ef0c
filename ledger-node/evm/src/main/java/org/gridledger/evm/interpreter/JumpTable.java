package org.gridledger.evm.interpreter;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The instruction set of a fork: an {@link OpInfo} for each of the 256 opcodes (or none, for an
 * undefined opcode), plus the arrays the interpreter loop reads on every step (constant gas and the
 * stack bounds in limbs). Immutable once built.
 *
 * <p>Forks are built by layering: start from the Frontier set and apply one enabler per EIP (see
 * {@link Eips}), then {@link Builder#build()} checks the table's invariants, so a broken table
 * fails when the class loads, not in the middle of a block. Only {@link #cancun()} is offered: the
 * interpreter implements Cancun semantics only, and the earlier layers exist as building steps.
 */
public final class JumpTable {
  private static final JumpTable CANCUN =
      Eips.frontier()
          .apply(Eips::eip7) // Homestead: DELEGATECALL
          .apply(Eips::eip150) // Tangerine Whistle: IO-heavy repricing
          .apply(Eips::eip140) // Byzantium: REVERT
          .apply(Eips::eip211) // Byzantium: RETURNDATASIZE, RETURNDATACOPY
          .apply(Eips::eip214) // Byzantium: STATICCALL
          .apply(Eips::eip145) // Constantinople: SHL, SHR, SAR
          .apply(Eips::eip1014) // Constantinople: CREATE2
          .apply(Eips::eip1052) // Constantinople: EXTCODEHASH
          .apply(Eips::eip1344) // Istanbul: CHAINID
          .apply(Eips::eip1884) // Istanbul: repricing, SELFBALANCE
          .apply(Eips::eip2929) // Berlin: warm/cold access
          .apply(Eips::eip3198) // London: BASEFEE
          .apply(Eips::eip4399) // Paris: DIFFICULTY becomes PREVRANDAO
          .apply(Eips::eip3855) // Shanghai: PUSH0
          .apply(Eips::eip1153) // Cancun: TLOAD, TSTORE
          .apply(Eips::eip5656) // Cancun: MCOPY
          .apply(Eips::eip4844) // Cancun: BLOBHASH
          .apply(Eips::eip7516) // Cancun: BLOBBASEFEE
          .build();

  private final OpInfo[] infos;

  /**
   * What the loop checks before each instruction, packed so one load serves all of it: bits 0–31
   * the constant gas, bits 32–47 the fewest stack limbs (4 per item) the opcode needs, bits 48–63
   * how many more limbs than that it tolerates. The stack is acceptable iff {@code sp - min}, read
   * unsigned, is at most that range. An undefined opcode has a minimum no stack reaches.
   */
  final long[] stepInfo = new long[256];

  /** {@link #stepInfo}'s minimum for undefined opcodes: more limbs than the stack can hold. */
  static final int UNDEFINED_MIN = 0xffff;

  private JumpTable(OpInfo[] infos) {
    this.infos = infos;
    for (int op = 0; op < 256; op++) {
      OpInfo info = infos[op];
      if (info == null) {
        stepInfo[op] = (long) UNDEFINED_MIN << 32;
      } else {
        long min = 4L * info.minStack();
        long range = 4L * info.maxStack() - min;
        stepInfo[op] = info.staticGas() | min << 32 | range << 48;
      }
    }
  }

  /** The Cancun instruction set. */
  public static JumpTable cancun() {
    return CANCUN;
  }

  /** The opcode's metadata, or {@code null} if it is undefined in this fork. */
  public OpInfo info(int opcode) {
    return infos[opcode & 0xff];
  }

  public boolean isDefined(int opcode) {
    return infos[opcode & 0xff] != null;
  }

  /** Name for traces; undefined opcodes are shown as {@code 0xNN}. */
  public String name(int opcode) {
    OpInfo info = infos[opcode & 0xff];
    return info != null ? info.name() : String.format("0x%02x", opcode & 0xff);
  }

  /** A builder starting from this table. */
  public Builder toBuilder() {
    return new Builder(infos.clone());
  }

  /** A mutable table under construction; {@link #build()} validates it. */
  public static final class Builder {
    private final OpInfo[] infos;

    Builder(OpInfo[] infos) {
      this.infos = infos;
    }

    /** An empty table: every opcode undefined. */
    public static Builder empty() {
      return new Builder(new OpInfo[256]);
    }

    /**
     * Defines {@code opcode}; it must not be defined yet (an EIP adds, never silently replaces).
     */
    public Builder add(int opcode, OpInfo info) {
      if (infos[opcode] != null) {
        throw new IllegalStateException(
            String.format("opcode 0x%02x is already %s", opcode, infos[opcode].name()));
      }
      infos[opcode] = info;
      return this;
    }

    /** Changes an already defined opcode (a repricing or renaming EIP). */
    public Builder update(int opcode, UnaryOperator<OpInfo> change) {
      if (infos[opcode] == null) {
        throw new IllegalStateException(String.format("opcode 0x%02x is undefined", opcode));
      }
      infos[opcode] = change.apply(infos[opcode]);
      return this;
    }

    public Builder apply(Consumer<Builder> enabler) {
      enabler.accept(this);
      return this;
    }

    /**
     * Checks the invariants and freezes the table: names unique, PUSHn has n immediates and no
     * other opcode has any, stack effects within what the stack checks assume.
     *
     * @throws IllegalStateException naming the broken entry
     */
    public JumpTable build() {
      Set<String> names = new HashSet<>();
      for (int op = 0; op < 256; op++) {
        OpInfo info = infos[op];
        if (info == null) {
          continue;
        }
        if (!names.add(info.name())) {
          throw new IllegalStateException("duplicate opcode name " + info.name());
        }
        int expectedImmediates =
            op >= Opcodes.PUSH1 && op <= Opcodes.PUSH32 ? op - Opcodes.PUSH1 + 1 : 0;
        if (info.immediates() != expectedImmediates) {
          throw new IllegalStateException(
              info.name()
                  + " has "
                  + info.immediates()
                  + " immediates, expected "
                  + expectedImmediates);
        }
        if (info.pops() > 17 || info.pushes() > 17) {
          throw new IllegalStateException(info.name() + " has an implausible stack effect");
        }
      }
      if (infos[Opcodes.STOP] == null || infos[Opcodes.INVALID] == null) {
        throw new IllegalStateException("STOP and INVALID must be defined");
      }
      return new JumpTable(Arrays.copyOf(infos, 256));
    }
  }
}
