import java.io.IOException;
import java.io.Writer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The broker's two accounts, decided once per broker instance: the application's (send, consume and
 * browse Offload's own addresses) and the console's (administers the broker). A password left empty
 * is generated; the file is created readable by its owner only and never rewritten, so the instance
 * and every later run agree on it.
 *
 * <p>Usage: {@code java BrokerAccounts.java <file> app.user=… app.password=… console.user=…
 * console.password=…}
 */
public class BrokerAccounts {

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    Properties given = new Properties();
    for (int i = 1; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      given.setProperty(pair[0], pair.length == 2 ? pair[1] : "");
    }
    Properties accounts = new Properties();
    for (String who : new String[] {"app", "console"}) {
      String user = given.getProperty(who + ".user", "");
      if (user.isEmpty()) {
        throw new IllegalArgumentException(who + ".user is not given");
      }
      String password = given.getProperty(who + ".password", "");
      accounts.setProperty(who + ".user", user);
      accounts.setProperty(who + ".password", password.isEmpty() ? secret() : password);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException kept) {
      return;
    }
    try (Writer out = Files.newBufferedWriter(file, StandardOpenOption.TRUNCATE_EXISTING)) {
      accounts.store(out, "Offload's broker accounts (generated where no password was given)");
    }
  }

  private static String secret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
