package org.gridledger.core.state;

import org.gridledger.core.rlp.RlpException;
import org.gridledger.core.rlp.RlpReader;
import org.gridledger.core.rlp.RlpWriter;
import org.gridledger.evm.state.AccountInfo;
import org.gridledger.evm.types.Hash;
import org.gridledger.evm.types.Keccak;
import org.gridledger.evm.types.UInt256;

/**
 * An account as the state trie stores it: RLP {@code [nonce, balance, storageRoot, codeHash]}
 * (Yellow Paper 4.1).
 */
public record StateAccount(long nonce, UInt256 balance, Hash storageRoot, Hash codeHash) {

  public static StateAccount of(AccountInfo info, Hash storageRoot) {
    return new StateAccount(info.nonce(), info.balance(), storageRoot, info.codeHash());
  }

  public AccountInfo info() {
    return new AccountInfo(nonce, balance, codeHash);
  }

  public byte[] encode() {
    RlpWriter w = new RlpWriter(110);
    int list = w.startList();
    w.writeUnsignedLong(nonce);
    w.writeBytes(balance.toMinimalBytes());
    w.writeBytes(storageRoot.unsafeBytes());
    w.writeBytes(codeHash.unsafeBytes());
    w.endList(list);
    return w.toByteArray();
  }

  /**
   * @throws RlpException if {@code rlp} is not a canonical account
   */
  public static StateAccount decode(byte[] rlp) {
    RlpReader r = RlpReader.single(rlp).readList();
    long nonce = r.readUnsignedLong();
    UInt256 balance = UInt256.of(r.readUInt256());
    Hash storageRoot = Hash.wrap(r.readBytes(32, "storageRoot"));
    Hash codeHash = Hash.wrap(r.readBytes(32, "codeHash"));
    r.ensureEnd("account");
    return new StateAccount(nonce, balance, storageRoot, codeHash);
  }

  /** A fresh account with empty storage and no code. */
  public static StateAccount empty() {
    return new StateAccount(0, UInt256.ZERO, Keccak.EMPTY_TRIE, Keccak.EMPTY);
  }
}
