package org.gridledger.sdk.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridledger.sdk.account.AccountInfo;
import org.gridledger.sdk.account.Keystore;
import org.gridledger.sdk.account.UnlockedAccount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code grid account new|import|list}. */
@Command(
    name = "account",
    mixinStandardHelpOptions = true,
    description = "Accounts in the keystore directory (V3 keystore files and encrypted twin keys).",
    subcommands = {
      AccountCommands.New.class,
      AccountCommands.Import.class,
      AccountCommands.ListAccounts.class
    })
final class AccountCommands {

  static Map<String, Object> json(AccountInfo a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", a.address());
    m.put("keystoreFile", a.keystoreFile().toString());
    m.put("x25519PublicKey", a.x25519PublicKey());
    return m;
  }

  static String password(GridCommand grid) throws CliFailure {
    String pw = grid.password("New keystore password: ");
    if (grid.passwordFile == null
        && System.getenv("GRID_PASSWORD") == null
        && System.console() != null) {
      String again = grid.password("Repeat the password: ");
      if (!again.equals(pw)) {
        throw new CliFailure(ExitCodes.USAGE, "the passwords differ");
      }
    }
    return pw;
  }

  static void show(GridCommand grid, AccountInfo info, boolean showSecret, String verb)
      throws Exception {
    Map<String, Object> m = json(info);
    String human =
        verb
            + " account "
            + info.address()
            + "\n  keystore  "
            + info.keystoreFile()
            + "\n  twin key  "
            + info.x25519PublicKey();
    if (showSecret) {
      UnlockedAccount u = grid.keystore().unlock(info.address(), grid.password("Password: "));
      String secret = "0x" + u.credentials().getEcKeyPair().getPrivateKey().toString(16);
      m.put("privateKey", secret);
      human += "\n  PRIVATE KEY " + secret + "  (shown because of --show-secret: keep it secret)";
    }
    grid.emit(m, human);
  }

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = "Create an account with a new random key.")
  static final class New extends Leaf {
    @Option(
        names = "--show-secret",
        description = "Also print the private key (never printed otherwise).")
    boolean showSecret;

    @Option(
        names = "--light-kdf",
        description = "geth's light scrypt (fast, weaker): for throwaway test accounts only.")
    boolean lightKdf;

    @Override
    void run(GridCommand grid) throws Exception {
      Keystore ks = grid.keystore(lightKdf);
      AccountInfo info = ks.create(password(grid));
      show(grid, info, showSecret, "created");
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import an account from a BIP-39 mnemonic or a private key, read from a file (never from the",
        "command line, where it would stay in the shell history)."
      })
  static final class Import extends Leaf {
    @Option(
        names = "--mnemonic-file",
        paramLabel = "<file>",
        description = "File with the mnemonic words.")
    Path mnemonicFile;

    @Option(
        names = "--index",
        defaultValue = "0",
        description = "Account index m/44'/60'/0'/0/<index>. Default: 0")
    int index;

    @Option(
        names = "--passphrase-file",
        paramLabel = "<file>",
        description = "Optional BIP-39 passphrase file.")
    Path passphraseFile;

    @Option(
        names = "--private-key-file",
        paramLabel = "<file>",
        description = "File with the private key (hex).")
    Path privateKeyFile;

    @Option(names = "--show-secret", description = "Also print the private key.")
    boolean showSecret;

    @Option(
        names = "--light-kdf",
        description = "geth's light scrypt (fast, weaker): for throwaway test accounts only.")
    boolean lightKdf;

    @Override
    void run(GridCommand grid) throws Exception {
      if ((mnemonicFile == null) == (privateKeyFile == null)) {
        throw new CliFailure(
            ExitCodes.USAGE, "give exactly one of --mnemonic-file and --private-key-file");
      }
      Keystore ks = grid.keystore(lightKdf);
      AccountInfo info;
      if (mnemonicFile != null) {
        String passphrase = passphraseFile == null ? "" : read(passphraseFile);
        info = ks.importMnemonic(read(mnemonicFile), passphrase, index, password(grid));
      } else {
        info = ks.importPrivateKey(read(privateKeyFile), password(grid));
      }
      show(grid, info, showSecret, "imported");
    }

    private static String read(Path file) throws CliFailure {
      try {
        return Files.readString(file).trim();
      } catch (IOException e) {
        throw new CliFailure(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the accounts in the keystore.")
  static final class ListAccounts extends Leaf {
    @Override
    void run(GridCommand grid) throws Exception {
      Keystore ks = grid.keystore();
      List<AccountInfo> all = ks.list();
      StringBuilder human = new StringBuilder();
      if (all.isEmpty()) {
        human.append("no accounts in ").append(ks.dir()).append(" (grid account new creates one)");
      }
      for (AccountInfo a : all) {
        human.append(a.address()).append("  twin key ").append(a.x25519PublicKey()).append('\n');
      }
      grid.emit(all.stream().map(AccountCommands::json).toList(), human.toString().stripTrailing());
    }
  }
}
