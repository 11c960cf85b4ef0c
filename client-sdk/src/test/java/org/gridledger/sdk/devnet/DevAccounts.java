package org.gridledger.sdk.devnet;

import java.math.BigInteger;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.KeystoreException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * The devnet's public dev accounts (m/44'/60'/0'/0/i of the test mnemonic, as gridledger dev's
 * banner prints them) and funding of test accounts by plain transfers from them.
 */
public final class DevAccounts {
  public static final String TEST_MNEMONIC =
      "test test test test test test test test test test test junk";
  public static final long CHAIN_ID = 1337;

  private DevAccounts() {}

  /** Dev account {@code i}. */
  public static Credentials dev(int i) {
    try {
      return Credentials.create(Keystore.fromMnemonic(TEST_MNEMONIC, "", i));
    } catch (KeystoreException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code wei} from dev account {@code from} to {@code to} and waits for the receipt. */
  public static void fund(String url, int from, String to, BigInteger wei) throws Exception {
    Web3j web3j = Web3j.build(new HttpService(url));
    try {
      Credentials c = dev(from);
      BigInteger nonce =
          web3j
              .ethGetTransactionCount(c.getAddress(), DefaultBlockParameterName.PENDING)
              .send()
              .getTransactionCount();
      BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
      RawTransaction tx =
          RawTransaction.createEtherTransaction(
              nonce, gasPrice, BigInteger.valueOf(21_000), to, wei);
      var sent =
          web3j
              .ethSendRawTransaction(
                  Numeric.toHexString(TransactionEncoder.signMessage(tx, CHAIN_ID, c)))
              .send();
      if (sent.hasError()) {
        throw new IllegalStateException("funding failed: " + sent.getError().getMessage());
      }
      new PollingTransactionReceiptProcessor(web3j, 100, 300)
          .waitForTransactionReceipt(sent.getTransactionHash());
    } finally {
      web3j.shutdown();
    }
  }
}
