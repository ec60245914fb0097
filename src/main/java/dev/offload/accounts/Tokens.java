package dev.offload.accounts;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.RsaKeyUtil;
import org.jose4j.lang.JoseException;

/**
 * Service clients' bearer tokens in the MicroProfile JWT format: signed (RS256) by the key whose
 * public half is {@code offload.jwt.public-key}, issued by {@code offload.jwt.issuer} for {@code
 * offload.jwt.audience}, not expired and living at most a day; the caller is the {@code upn} claim
 * (else {@code sub}) and its role the one Offload role named in {@code groups}. A caller named like
 * an account of {@code offload.users} is refused: it would be that account, and own its tasks.
 * Without an issuer, no token is accepted.
 */
@ApplicationScoped
public class Tokens implements IdentityStore {

  private static final Logger LOG = Logger.getLogger(Tokens.class.getName());

  @Inject
  @ConfigProperty(name = "offload.jwt.issuer")
  Optional<String> issuer;

  /** The issuer's RSA public key, PEM (with or without its BEGIN/END lines). */
  @Inject
  @ConfigProperty(name = "offload.jwt.public-key")
  Optional<String> publicKey;

  @Inject
  @ConfigProperty(name = "offload.jwt.audience")
  Optional<String> audience;

  /** Caller names are owners, stored beside idempotency keys as {@code owner:key}. */
  static final int MAX_CALLER_LENGTH = 100;

  @Inject Accounts accounts;

  private JwtConsumer consumer;

  /** Reads the settings when the application starts: a wrong key fails the start, not a request. */
  void atStart(@Observes @Initialized(ApplicationScoped.class) Object start) {}

  @PostConstruct
  void configure() {
    if (issuer.isEmpty()) {
      return;
    }
    if (publicKey.isEmpty() || audience.isEmpty()) {
      // Without an audience, a token the issuer made for any other application would do.
      throw new IllegalArgumentException(
          "offload.jwt.issuer is set, so offload.jwt.public-key and offload.jwt.audience must be"
              + " too");
    }
    consumer =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setMaxFutureValidityInMinutes(24 * 60)
            .setAllowedClockSkewInSeconds(30)
            .setExpectedIssuer(issuer.get())
            .setVerificationKey(key(publicKey.get()))
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
            .setExpectedAudience(audience.get())
            .build();
    LOG.info(() -> "accounts: bearer tokens of issuer " + issuer.get() + " are accepted");
  }

  private static PublicKey key(String pem) {
    String body = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    try {
      return new RsaKeyUtil()
          .fromPemEncoded("-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----");
    } catch (JoseException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("offload.jwt.public-key is not an RSA public key", e);
    }
  }

  /** Whether bearer tokens are accepted at all. */
  public boolean enabled() {
    return consumer != null;
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!(credential instanceof BearerToken bearer) || consumer == null) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    try {
      JwtClaims claims = consumer.processToClaims(bearer.token());
      String caller = caller(claims);
      List<String> groups =
          claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
      Set<String> roles =
          groups.stream().filter(Roles.ALL::contains).collect(Collectors.toUnmodifiableSet());
      if (caller == null
          || caller.length() > MAX_CALLER_LENGTH
          || caller.contains(":")
          || roles.size() != 1
          || accounts.has(caller)) {
        return CredentialValidationResult.INVALID_RESULT;
      }
      return new CredentialValidationResult(caller, roles);
    } catch (InvalidJwtException | MalformedClaimException e) {
      return CredentialValidationResult.INVALID_RESULT;
    }
  }

  private static String caller(JwtClaims claims) throws MalformedClaimException {
    // Not preferred_username: the issuer does not promise it unique, and users may choose it.
    for (String name : new String[] {"upn", "sub"}) {
      String value = claims.getStringClaimValue(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}
