package org.gridledger.sdk.cli;

import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gridledger.sdk.GridClient;
import org.gridledger.sdk.ValidatorInfo;
import org.gridledger.sdk.Wei;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code grid validator stake|unbond|withdraw|status}: a BFT validator's stake in {@code Staking}.
 */
@Command(
    name = "validator",
    mixinStandardHelpOptions = true,
    description = {
      "Validators of a BFT chain: stake to join the validator set, unbond to leave it.",
      "The set changes only at epoch ends (docs/operator-guide.md, \"Run a validator\")."
    },
    subcommands = {
      ValidatorCommands.Stake.class,
      ValidatorCommands.Unbond.class,
      ValidatorCommands.Withdraw.class,
      ValidatorCommands.Status.class
    })
final class ValidatorCommands {
  static Map<String, Object> json(ValidatorInfo v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("candidateId", v.candidateId());
    m.put("operator", v.operator());
    m.put("signer", v.signer());
    m.put("commissionBps", v.commissionBps());
    m.put("listed", v.listed());
    m.put("jailed", v.jailed());
    m.put("bondedStake", v.bondedStake().toString());
    m.put("unbondingStake", v.unbondingStake().toString());
    m.put("operatorStake", v.operatorStake().toString());
    m.put("operatorUnbonding", v.operatorUnbonding().toString());
    m.put("releaseAt", v.releaseAt());
    m.put("epoch", v.epoch());
    m.put("inCurrentSet", v.inCurrentSet());
    m.put("electedIfEndedNow", v.electedIfEndedNow());
    m.put("nextElectionBlock", v.nextElectionBlock());
    return m;
  }

  static String human(ValidatorInfo v) {
    StringBuilder b = new StringBuilder();
    b.append("validator candidate ").append(v.candidateId());
    b.append("\n  operator   ").append(v.operator());
    b.append("\n  signer     ").append(v.signer());
    b.append("\n  commission ").append(v.commissionBps()).append(" bps");
    b.append("\n  bonded     ").append(Wei.format(v.bondedStake()));
    b.append(" (yours: ").append(Wei.format(v.operatorStake())).append(")");
    if (v.unbondingStake().signum() > 0) {
      b.append("\n  unbonding  ").append(Wei.format(v.unbondingStake()));
      if (v.releaseAt() > 0) {
        b.append(" (yours released at ").append(Instant.ofEpochSecond(v.releaseAt())).append(")");
      }
    }
    b.append("\n  state      ")
        .append(
            v.jailed() ? "jailed (slashed for a double sign)" : v.listed() ? "listed" : "unlisted");
    b.append("\n  epoch ")
        .append(v.epoch())
        .append(v.inCurrentSet() ? ": in the validator set" : ": not in the validator set");
    b.append("\n  next set   elected at block ")
        .append(v.nextElectionBlock())
        .append(
            v.electedIfEndedNow() ? ": in it at today's stake" : ": not in it at today's stake");
    return b.toString();
  }

  static BigInteger amount(String text, String option) throws CliFailure {
    return Wei.parse(text)
        .filter(w -> w.signum() > 0)
        .orElseThrow(
            () ->
                new CliFailure(
                    ExitCodes.USAGE,
                    option + " '" + text + "' is not a positive amount: write e.g. '1000 ether'"));
  }

  @Command(
      name = "stake",
      mixinStandardHelpOptions = true,
      description = {
        "Register your account's validator with its consensus signer and self-stake, or add stake"
            + " to it.",
        "Elected (by stake, up to the chain's validator count) at the next epoch end."
      })
  static final class Stake extends Leaf {
    @Option(
        names = "--signer",
        paramLabel = "<address>",
        description =
            "Address of the node's consensus key (--validator-key-file); needed the first time.")
    String signer;

    @Option(
        names = "--amount",
        required = true,
        paramLabel = "<amount>",
        description =
            "Stake to add, e.g. '1000 ether' (at least the chain's minSelfStake at first).")
    String amount;

    @Option(
        names = "--commission",
        defaultValue = "1000",
        paramLabel = "<bps>",
        description =
            "Your share of the validator's rewards, in basis points. Default: 1000 (10%%)")
    int commissionBps;

    @Override
    void run(GridCommand grid) throws Exception {
      BigInteger wei = amount(amount, "--amount");
      if (commissionBps < 0 || commissionBps > 10_000) {
        throw new CliFailure(ExitCodes.USAGE, "--commission must be 0..10000 basis points");
      }
      try (GridClient c = grid.signing()) {
        ValidatorInfo v = c.stakeValidator(signer, commissionBps, wei);
        grid.emit(json(v), "staked " + Wei.format(wei) + "\n" + human(v));
      }
    }
  }

  @Command(
      name = "unbond",
      mixinStandardHelpOptions = true,
      description = {
        "Start unbonding your stake with your validator; with --all it leaves the validator set at"
            + " the next epoch end.",
        "The stake stays slashable until the chain's unbonding period has passed."
      })
  static final class Unbond extends Leaf {
    @Option(names = "--amount", paramLabel = "<amount>", description = "How much, e.g. '10 ether'.")
    String amount;

    @Option(names = "--all", description = "All of your stake.")
    boolean all;

    @Override
    void run(GridCommand grid) throws Exception {
      if (all == (amount != null)) {
        throw new CliFailure(ExitCodes.USAGE, "give either --amount <amount> or --all");
      }
      BigInteger wei = all ? null : amount(amount, "--amount");
      try (GridClient c = grid.signing()) {
        ValidatorInfo v = c.unbondValidator(wei);
        grid.emit(json(v), "unbonding started\n" + human(v));
      }
    }
  }

  @Command(
      name = "withdraw",
      mixinStandardHelpOptions = true,
      description =
          "Once the unbonding period has passed: pay out your unbonded stake and credited rewards.")
  static final class Withdraw extends Leaf {
    @Override
    void run(GridCommand grid) throws Exception {
      try (GridClient c = grid.signing()) {
        BigInteger wei = c.withdrawValidatorStake();
        grid.emit(Map.of("withdrawn", wei.toString()), "withdrew " + Wei.format(wei));
      }
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show a validator candidate: stake, state, and whether it is in the set.")
  static final class Status extends Leaf {
    @Parameters(
        arity = "0..1",
        paramLabel = "<operator>",
        description = "The operator account. Default: your account.")
    String operator;

    @Override
    void run(GridCommand grid) throws Exception {
      String who = operator != null ? operator : grid.accountAddress();
      try (GridClient c = grid.readOnly()) {
        ValidatorInfo v = c.validator(who);
        grid.emit(json(v), human(v));
      }
    }
  }
}
