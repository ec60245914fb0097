package dev.offload.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsTest {

  /** Stands in for the container's PBKDF2 and counts how often a password is checked. */
  private static final class CountingHash implements Pbkdf2PasswordHash {
    final AtomicInteger verified = new AtomicInteger();

    @Override
    public void initialize(Map<String, String> parameters) {}

    @Override
    public String generate(char[] password) {
      return "hashed:" + new String(password);
    }

    @Override
    public boolean verify(char[] password, String hashed) {
      verified.incrementAndGet();
      return hashed.equals(generate(password));
    }
  }

  private final CountingHash hashes = new CountingHash();

  private Accounts accounts(String configured, Path file) {
    Accounts accounts = new Accounts();
    accounts.configured = Optional.of(configured);
    accounts.file = file.toString();
    accounts.passwords = hashes;
    accounts.load();
    return accounts;
  }

  private static CredentialValidationResult signIn(Accounts accounts, String name, String pw) {
    return accounts.validate(new UsernamePasswordCredential(name, pw));
  }

  @Test
  void eachAccountSignsInWithItsPasswordAndHasItsRole(@TempDir Path dir) {
    Accounts accounts =
        accounts("ann:ann-secret:operator; bob:b:o:b:secret:submitter", dir.resolve("unused"));

    CredentialValidationResult ann = signIn(accounts, "ann", "ann-secret");
    assertThat(ann.getStatus()).isEqualTo(CredentialValidationResult.Status.VALID);
    assertThat(ann.getCallerGroups()).isEqualTo(Set.of("operator"));
    assertThat(signIn(accounts, "bob", "b:o:b:secret").getCallerGroups())
        .as("a password may contain colons")
        .isEqualTo(Set.of("submitter"));
    assertThat(signIn(accounts, "ann", "bob-secret").getStatus())
        .isEqualTo(CredentialValidationResult.Status.INVALID);
    assertThat(signIn(accounts, "carl", "ann-secret").getStatus())
        .isEqualTo(CredentialValidationResult.Status.INVALID);
    assertThat(dir.resolve("unused")).doesNotExist();
  }

  @Test
  void accountsOnSeparateLinesAreSeparateAccounts(@TempDir Path dir) {
    Accounts accounts =
        accounts("ann:ann-secret:operator\nbob:bob-secret:viewer\n", dir.resolve("unused"));

    assertThat(signIn(accounts, "ann", "ann-secret").getCallerGroups()).containsOnly("operator");
    assertThat(signIn(accounts, "bob", "bob-secret").getCallerGroups()).containsOnly("viewer");
  }

  @Test
  void aPasswordIsCheckedOnceThenRecognised(@TempDir Path dir) {
    Accounts accounts = accounts("ann:ann-secret:viewer", dir.resolve("unused"));

    for (int i = 0; i < 5; i++) {
      assertThat(signIn(accounts, "ann", "ann-secret").getStatus())
          .isEqualTo(CredentialValidationResult.Status.VALID);
    }
    signIn(accounts, "ann", "wrong-one");
    signIn(accounts, "ann", "wrong-one");

    assertThat(hashes.verified).as("PBKDF2 runs: one success, every failure").hasValue(3);
  }

  @Test
  void malformedAccountsStopTheStartWithAReason(@TempDir Path dir) {
    Path file = dir.resolve("unused");
    assertThatThrownBy(() -> accounts("ann:ann-secret:admin", file))
        .hasMessageContaining("account 'ann' has role 'admin'; roles are");
    assertThatThrownBy(() -> accounts("ann:short:viewer", file))
        .hasMessageContaining("account 'ann' needs a password of at least 8 characters");
    assertThatThrownBy(() -> accounts("ann-secret-viewer", file))
        .hasMessageContaining("each account is name:password:role");
    assertThatThrownBy(() -> accounts("ann:ann-secret:viewer;ann:other-secret:operator", file))
        .hasMessageContaining("account 'ann' appears twice");
  }

  @Test
  void withoutAccountsTheFirstStartCreatesOneOperatorAndLaterStartsKeepIt(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("security/offload-users.txt");

    accounts("", file);

    String[] created = Files.readString(file).strip().split(":");
    assertThat(created[0]).isEqualTo("operator");
    assertThat(created[1]).hasSizeGreaterThanOrEqualTo(20);
    assertThat(created[2]).isEqualTo("operator");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    Accounts restarted = accounts(" ", file);
    assertThat(signIn(restarted, "operator", created[1]).getCallerGroups())
        .isEqualTo(Set.of("operator"));
    assertThat(accounts("", dir.resolve("other.txt")))
        .as("another server gets another password")
        .satisfies(
            other ->
                assertThat(signIn(other, "operator", created[1]).getStatus())
                    .isEqualTo(CredentialValidationResult.Status.INVALID));
  }
}
