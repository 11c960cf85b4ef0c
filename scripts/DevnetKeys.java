// Prints the private keys of test-mnemonic accounts FROM..TO-1 (hex, one a line): the public dev
// keys of genesis/devnet-bft.yaml's validators (indices 10-13). Run with the node's jar on the class
// path: java -cp ledger-node/app/target/gridledger.jar scripts/DevnetKeys.java 10 14
import java.util.HexFormat;
import org.gridledger.core.devnet.HdKeys;
import org.gridledger.evm.crypto.PrivateKey;

class DevnetKeys {
  public static void main(String[] args) {
    int from = Integer.parseInt(args[0]);
    int to = Integer.parseInt(args[1]);
    var keys = HdKeys.ethereumKeys(HdKeys.TEST_MNEMONIC, to);
    for (PrivateKey k : keys.subList(from, to)) {
      System.out.println(HexFormat.of().formatHex(k.toBytes()));
    }
  }
}
