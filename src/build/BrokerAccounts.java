import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's two accounts and no other: the application's (role offload-app: send, consume and
 * browse Offload's own addresses) and the console's administrator (role amq); and the password of
 * the cluster account, which Artemis accepts on every broker. A user or password given as an
 * argument wins, then one in the environment (OFFLOAD_BROKER_USER and _PASSWORD for the
 * application's, OFFLOAD_CONSOLE_USER and _PASSWORD for the console's); a password not given is
 * kept from the accounts file or, the first time, generated. The file is readable by its owner
 * only. Each broker instance named gets both accounts, their passwords as the broker's own salted
 * hashes, in place of the users and roles its creation wrote, and the cluster password in its
 * etc/artemis.profile (the instances of a pair get the same).
 *
 * <p>Usage: {@code java BrokerAccounts.java <accounts file> [<broker instance>...] [app.user=…]
 * [app.password=…] [console.user=…] [console.password=…] [cluster.password=…]}
 */
public class BrokerAccounts {

  private static final Pattern HASH = Pattern.compile("(?im)^\\s*result:\\s*(\\S+)\\s*$");

  public static void main(String[] args) throws IOException, InterruptedException {
    Path file = Path.of(args[0]);
    List<Path> instances = new ArrayList<>();
    Properties given = new Properties();
    for (int i = 1; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      if (args[i].isBlank()) {
        continue; // no instance: the accounts file alone
      } else if (pair.length == 2) {
        given.setProperty(pair[0], pair[1]);
      } else {
        instances.add(Path.of(args[i]));
      }
    }
    Properties kept = new Properties();
    if (Files.exists(file)) {
      try (var in = Files.newBufferedReader(file)) {
        kept.load(in);
      }
    }
    Properties accounts = new Properties();
    boolean generated = false;
    for (String who : new String[] {"app", "console"}) {
      String variable = who.equals("app") ? "OFFLOAD_BROKER_" : "OFFLOAD_CONSOLE_";
      String user =
          given.getProperty(
              who + ".user",
              System.getenv()
                  .getOrDefault(variable + "USER", who.equals("app") ? "offload" : "console"));
      String password =
          firstSet(
              given.getProperty(who + ".password", ""),
              System.getenv().getOrDefault(variable + "PASSWORD", ""),
              kept.getProperty(who + ".password", ""));
      if (password.isEmpty()) {
        password = secret();
        generated |= who.equals("console");
      }
      accounts.setProperty(who + ".user", user);
      accounts.setProperty(who + ".password", password);
    }
    String cluster =
        firstSet(
            given.getProperty("cluster.password", ""), kept.getProperty("cluster.password", ""));
    accounts.setProperty("cluster.password", cluster.isEmpty() ? secret() : cluster);
    if (!accounts.equals(kept)) {
      write(file, accounts);
    }
    if (generated && !instances.isEmpty()) {
      System.out.printf(
          "Artemis console: sign in as '%s' with password '%s' (both broker accounts are kept in"
              + " %s)%n",
          accounts.getProperty("console.user"), accounts.getProperty("console.password"), file);
    }
    if (instances.isEmpty()) {
      return;
    }
    // Hashed once (each hash starts a JVM): a salted hash holds for every instance.
    Path first = instances.get(0);
    String users =
        line(accounts, "console", hash(first, accounts.getProperty("console.password")))
            + line(accounts, "app", hash(first, accounts.getProperty("app.password")));
    String roles =
        "amq = "
            + accounts.getProperty("console.user")
            + "\noffload-app = "
            + accounts.getProperty("app.user")
            + "\n";
    for (Path instance : instances) {
      Files.writeString(instance.resolve("etc/artemis-users.properties"), users);
      Files.writeString(instance.resolve("etc/artemis-roles.properties"), roles);
      Files.writeString(
          instance.resolve("etc/artemis.profile"),
          "\n# The cluster account's password (src/build/BrokerAccounts.java)\n"
              + "JAVA_ARGS=\"$JAVA_ARGS -Doffload.broker.cluster.password="
              + accounts.getProperty("cluster.password")
              + "\"\n",
          StandardOpenOption.APPEND);
      // It now holds a password, as the accounts file does.
      Files.setPosixFilePermissions(
          instance.resolve("etc/artemis.profile"), PosixFilePermissions.fromString("rw-------"));
    }
  }

  /** The first of these that is not empty, or empty. */
  private static String firstSet(String... choices) {
    for (String choice : choices) {
      if (!choice.isEmpty()) {
        return choice;
      }
    }
    return "";
  }

  private static String line(Properties accounts, String who, String hash) {
    return accounts.getProperty(who + ".user") + " = ENC(" + hash + ")\n";
  }

  /** The instance's own {@code artemis mask --hash}: the hash its login module checks. */
  private static String hash(Path instance, String password)
      throws IOException, InterruptedException {
    // "--": a password may begin with '-' (a generated one does, one time in 64).
    Process mask =
        new ProcessBuilder(
                instance.resolve("bin/artemis").toString(), "mask", "--hash", "--", password)
            .redirectErrorStream(true)
            .start();
    String output = new String(mask.getInputStream().readAllBytes());
    Matcher hash = HASH.matcher(output);
    if (mask.waitFor() != 0 || !hash.find()) {
      throw new IllegalStateException("artemis mask --hash printed no hash: " + output);
    }
    return hash.group(1);
  }

  private static void write(Path file, Properties accounts) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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
