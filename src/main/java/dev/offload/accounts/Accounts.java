package dev.offload.accounts;

import dev.offload.platform.Sha256;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The accounts that may sign in, each with one role: {@code offload.users} ({@code
 * name:password:role;...}, from the environment as {@code OFFLOAD_USERS}) or, when that is empty,
 * the file {@code offload.users.file}, where the first start writes one operator account with a
 * random password and prints it once. No account exists with a well-known password.
 */
@ApplicationScoped
public class Accounts implements IdentityStore {

  private static final Logger LOG = Logger.getLogger(Accounts.class.getName());
  static final int MIN_PASSWORD = 8;

  private record Account(String passwordHash, String role) {}

  // Optional: MicroProfile Config reads an empty variable as missing.
  @Inject
  @ConfigProperty(name = "offload.users")
  Optional<String> configured;

  @Inject
  @ConfigProperty(name = "offload.users.file", defaultValue = "offload-users.txt")
  String file;

  @Inject Pbkdf2PasswordHash passwords;

  private Map<String, Account> accounts;

  /** Checked for a name that has no account, so that a known name does not answer slower. */
  private String unknownNameHash;

  /**
   * Credentials already verified, by their SHA-256: HTTP Basic sends them with every request, and
   * PBKDF2 (slow on purpose) would cost each request a millisecond of CPU. Only the right password
   * of an account ever gets in, so it holds at most one entry per account.
   */
  private final Map<String, CredentialValidationResult> verified = new ConcurrentHashMap<>();

  @PostConstruct
  void load() {
    String definitions =
        configured.filter(text -> !text.isBlank()).orElseGet(() -> fromFile(Path.of(file)));
    accounts = parse(definitions, passwords);
    unknownNameHash = passwords.generate(randomPassword().toCharArray());
    LOG.info(() -> "accounts: " + accounts.size() + " can sign in (" + roles() + ")");
  }

  /** Whether {@code name} is an account of {@code offload.users} (or the generated one). */
  public boolean has(String name) {
    return accounts.containsKey(name);
  }

  /**
   * Being notified creates the bean, so the accounts are loaded (and on a first start created and
   * printed) when the application starts, and a malformed {@code offload.users} stops it there.
   */
  void atStart(@Observes @Initialized(ApplicationScoped.class) Object start) {}

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof UsernamePasswordCredential given)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    String key = Sha256.hex(given.getCaller() + "\u0000" + given.getPasswordAsString());
    CredentialValidationResult known = verified.get(key);
    if (known != null) {
      return known;
    }
    Account account = accounts.get(given.getCaller());
    String hash = account == null ? unknownNameHash : account.passwordHash;
    if (!passwords.verify(given.getPassword().getValue(), hash) || account == null) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    CredentialValidationResult valid =
        new CredentialValidationResult(given.getCaller(), Set.of(account.role));
    verified.put(key, valid);
    return valid;
  }

  /** Parses {@code name:password:role;...}; the password may contain colons, the name may not. */
  static Map<String, Account> parse(String definitions, Pbkdf2PasswordHash passwords) {
    Map<String, Account> parsed = new LinkedHashMap<>();
    for (String definition : definitions.split("[;\r\n]+")) {
      if (definition.isBlank()) {
        continue;
      }
      int first = definition.indexOf(':');
      int last = definition.lastIndexOf(':');
      if (first <= 0 || last == first) {
        throw new IllegalArgumentException(
            "offload.users: each account is name:password:role, not '" + masked(definition) + "'");
      }
      String name = definition.substring(0, first).strip();
      String password = definition.substring(first + 1, last);
      String role = definition.substring(last + 1).strip();
      if (!Roles.ALL.contains(role)) {
        throw new IllegalArgumentException(
            "offload.users: account '"
                + name
                + "' has role '"
                + role
                + "'; roles are "
                + Roles.ALL);
      }
      if (password.length() < MIN_PASSWORD) {
        throw new IllegalArgumentException(
            "offload.users: account '"
                + name
                + "' needs a password of at least "
                + MIN_PASSWORD
                + " characters");
      }
      if (parsed.put(name, new Account(passwords.generate(password.toCharArray()), role)) != null) {
        throw new IllegalArgumentException("offload.users: account '" + name + "' appears twice");
      }
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("offload.users: no account defined");
    }
    return parsed;
  }

  private static String randomPassword() {
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static String fromFile(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      String password = randomPassword();
      String account = "operator:" + password + ":" + Roles.OPERATOR;
      Files.createDirectories(file.toAbsolutePath().getParent());
      try {
        // Created readable by its owner only, never for a moment by others; of two servers
        // starting on one file, the second reads the first's account instead of overwriting it.
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
          Files.createFile(file); // Windows: the file keeps its directory's permissions
        }
      } catch (FileAlreadyExistsException createdMeanwhile) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      Files.writeString(file, account + "\n", StandardCharsets.UTF_8);
      LOG.info(
          () ->
              "accounts: none configured (OFFLOAD_USERS), so one was created. Sign in as"
                  + " 'operator' with password '"
                  + password
                  + "'; it is kept in "
                  + file.toAbsolutePath());
      return account;
    } catch (IOException e) {
      throw new UncheckedIOException("accounts: cannot read or create " + file, e);
    }
  }

  private String roles() {
    Map<String, Integer> perRole = new LinkedHashMap<>();
    accounts.values().forEach(a -> perRole.merge(a.role, 1, Integer::sum));
    return perRole.toString();
  }

  private static String masked(String definition) {
    int colon = definition.indexOf(':');
    return colon < 0 ? definition : definition.substring(0, colon) + ":…";
  }
}
