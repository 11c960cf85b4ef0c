package org.gridledger.app.bft;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.gridledger.consensus.validator.Validator;
import org.gridledger.core.block.BlockHeader;
import org.gridledger.evm.env.BlockEnv;
import org.gridledger.evm.env.TxEnv;
import org.gridledger.evm.state.JournaledState;
import org.gridledger.evm.state.StateReader;
import org.gridledger.evm.tx.ExecResult;
import org.gridledger.evm.tx.TransactionExecutor;
import org.gridledger.evm.tx.TransactionResult;
import org.gridledger.evm.types.Address;
import org.gridledger.evm.types.UInt256;
import org.gridledger.genesis.ContractArtifact;
import org.gridledger.genesis.GridContract;
import org.gridledger.genesis.abi.ContractAbi;

/**
 * Reads the validator set an epoch's last block elected from that block's post-state: {@code
 * Staking.validatorSetOf(e + 1)} gives the candidate ids and signers in Staking's order, and each
 * signer's weight is {@code getCandidate(id).bondedStake} (docs/consensus.md, "Epochs and
 * validator-set changes"). The calls run on a scratch journal over the state, which stays
 * unchanged, in a block environment with a zero base fee (a read, not a transaction).
 */
final class ElectedValidators {
  /** Field 6 of Staking's {@code Candidate} struct is {@code bondedStake} (Staking.sol). */
  private static final int BONDED_STAKE_FIELD = 6;

  private static final long CALL_GAS = 30_000_000L;

  private final Address staking;
  private final long chainId;
  private final ContractAbi abi = ContractArtifact.load(GridContract.STAKING).abi();
  private final TransactionExecutor executor = TransactionExecutor.cancun();

  ElectedValidators(Address staking, long chainId) {
    this.staking = staking;
    this.chainId = chainId;
  }

  /**
   * The set elected for {@code epoch}, in Staking's order; empty if none was elected.
   *
   * @param header the block whose post-state this is (number and timestamp of the calls)
   * @throws IllegalStateException if a call fails (the Staking contract is not the expected one)
   */
  List<Validator> read(StateReader postState, BlockHeader header, long epoch) {
    BlockEnv env =
        BlockEnv.cancun(
            Address.ZERO,
            header.number(),
            header.timestamp(),
            CALL_GAS,
            UInt256.ZERO,
            header.mixHash(),
            0,
            chainId);
    List<Object> set = call(postState, env, "validatorSetOf", epoch);
    @SuppressWarnings("unchecked")
    List<BigInteger> ids = (List<BigInteger>) set.get(0);
    @SuppressWarnings("unchecked")
    List<Address> signers = (List<Address>) set.get(1);
    List<Validator> out = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      @SuppressWarnings("unchecked")
      List<Object> candidate =
          (List<Object>) call(postState, env, "getCandidate", ids.get(i)).get(0);
      out.add(new Validator(signers.get(i), (BigInteger) candidate.get(BONDED_STAKE_FIELD)));
    }
    return out;
  }

  private List<Object> call(StateReader state, BlockEnv env, String function, Object... args) {
    ContractAbi.Function f = abi.function(function);
    JournaledState scratch = new JournaledState(state);
    TxEnv tx =
        TxEnv.legacy(
            Address.ZERO,
            staking,
            scratch.nonce(Address.ZERO),
            UInt256.ZERO,
            f.encodeCall(args),
            CALL_GAS,
            UInt256.ZERO);
    TransactionResult result = executor.execute(scratch, env, tx);
    if (result instanceof TransactionResult.Executed executed
        && executed.result() instanceof ExecResult.Success success) {
      return f.decodeOutput(success.output());
    }
    throw new IllegalStateException("Staking." + function + " failed: " + result);
  }
}
