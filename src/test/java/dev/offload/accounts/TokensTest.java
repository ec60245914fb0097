package dev.offload.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.CredentialValidationResult.Status;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

class TokensTest {

  private static final String ISSUER = "https://issuer.example";
  private static final KeyPair KEYS = keys();
  private static final Instant LATER = Instant.now().plusSeconds(300);

  private static KeyPair keys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Tokens tokens(String issuer) {
    Tokens tokens = new Tokens();
    tokens.issuer = Optional.ofNullable(issuer);
    tokens.publicKey =
        Optional.of(Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()));
    tokens.audience = Optional.of("offload");
    tokens.accounts = mock(Accounts.class);
    when(tokens.accounts.has("it-operator")).thenReturn(true);
    tokens.configure();
    return tokens;
  }

  private static BearerToken signed(
      PrivateKey key, String issuer, String claim, String name, List<String> groups, Instant exp)
      throws Exception {
    return signed(key, issuer, "offload", claim, name, groups, exp);
  }

  private static BearerToken signed(
      PrivateKey key,
      String issuer,
      String audience,
      String claim,
      String name,
      List<String> groups,
      Instant exp)
      throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(audience);
    claims.setClaim(claim, name);
    claims.setStringListClaim("groups", groups);
    claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return new BearerToken(jws.getCompactSerialization());
  }

  @Test
  void aTokenOfTheIssuerNamesTheCallerAndItsRole() throws Exception {
    CredentialValidationResult result =
        tokens(ISSUER)
            .validate(
                signed(KEYS.getPrivate(), ISSUER, "upn", "svc", List.of("x", "viewer"), LATER));

    assertThat(result.getStatus()).isEqualTo(Status.VALID);
    assertThat(result.getCallerPrincipal().getName()).isEqualTo("svc");
    assertThat(result.getCallerGroups()).isEqualTo(Set.of("viewer"));
  }

  @Test
  void theSubjectNamesTheCallerWhenThereIsNoUpn() throws Exception {
    CredentialValidationResult result =
        tokens(ISSUER)
            .validate(
                signed(KEYS.getPrivate(), ISSUER, "sub", "svc-2", List.of("submitter"), LATER));

    assertThat(result.getCallerPrincipal().getName()).isEqualTo("svc-2");
  }

  @Test
  void untrustedExpiredLongLivedOrRolelessTokensAndLocalNamesAreInvalid() throws Exception {
    Tokens tokens = tokens(ISSUER);
    PrivateKey stranger = keys().getPrivate();

    for (BearerToken token :
        List.of(
            signed(stranger, ISSUER, "upn", "svc", List.of("operator"), LATER),
            signed(KEYS.getPrivate(), "https://other", "upn", "svc", List.of("operator"), LATER),
            signed(
                KEYS.getPrivate(),
                ISSUER,
                "upn",
                "svc",
                List.of("operator"),
                Instant.now().minusSeconds(120)),
            signed(KEYS.getPrivate(), ISSUER, "upn", "svc", List.of("viewer", "operator"), LATER),
            signed(KEYS.getPrivate(), ISSUER, "upn", "svc", List.of(), LATER),
            signed(KEYS.getPrivate(), ISSUER, "other-app", "upn", "svc", List.of("viewer"), LATER),
            signed(
                KEYS.getPrivate(),
                ISSUER,
                "upn",
                "svc",
                List.of("viewer"),
                Instant.now().plusSeconds(30 * 3600)),
            signed(KEYS.getPrivate(), ISSUER, "upn", "it-operator", List.of("operator"), LATER),
            signed(KEYS.getPrivate(), ISSUER, "upn", "a:b", List.of("viewer"), LATER),
            signed(KEYS.getPrivate(), ISSUER, "upn", "x".repeat(101), List.of("viewer"), LATER),
            new BearerToken("not.a.token"))) {
      assertThat(tokens.validate(token).getStatus()).isEqualTo(Status.INVALID);
    }
  }

  @Test
  void anIssuerWithoutAnAudienceIsRefusedAtStart() {
    Tokens tokens = new Tokens();
    tokens.issuer = Optional.of(ISSUER);
    tokens.publicKey =
        Optional.of(Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()));
    tokens.audience = Optional.empty();

    assertThatThrownBy(tokens::configure).hasMessageContaining("offload.jwt.audience must be");
  }

  @Test
  void withoutAnIssuerNoTokenIsLookedAtAndPasswordsAreLeftToTheAccounts() throws Exception {
    Tokens off = tokens(null);

    assertThat(off.enabled()).isFalse();
    assertThat(
            off.validate(
                    signed(KEYS.getPrivate(), ISSUER, "upn", "svc", List.of("operator"), LATER))
                .getStatus())
        .isEqualTo(Status.NOT_VALIDATED);
    assertThat(tokens(ISSUER).validate(new UsernamePasswordCredential("a", "b")).getStatus())
        .isEqualTo(Status.NOT_VALIDATED);
  }
}
