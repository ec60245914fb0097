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
 * public half is {@code offload.jwt.public-key}, issued by {@code offload.jwt.issuer}, not expired;
 * the caller is the {@code upn} claim (else {@code preferred_username}, else {@code sub}) and its
 * role the one Offload role named in {@code groups}. Without an issuer, no token is accepted.
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

  private JwtConsumer consumer;

  /** Reads the settings when the application starts: a wrong key fails the start, not a request. */
  void atStart(@Observes @Initialized(ApplicationScoped.class) Object start) {}

  @PostConstruct
  void configure() {
    if (issuer.isEmpty()) {
      return;
    }
    if (publicKey.isEmpty()) {
      throw new IllegalArgumentException(
          "offload.jwt.issuer is set but offload.jwt.public-key is not: tokens cannot be checked");
    }
    JwtConsumerBuilder builder =
        new JwtConsumerBuilder()
            .setRequireExpirationTime()
            .setAllowedClockSkewInSeconds(30)
            .setExpectedIssuer(issuer.get())
            .setVerificationKey(key(publicKey.get()))
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256);
    audience.ifPresentOrElse(
        builder::setExpectedAudience, builder::setSkipDefaultAudienceValidation);
    consumer = builder.build();
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
      if (caller == null || roles.size() != 1) {
        return CredentialValidationResult.INVALID_RESULT;
      }
      return new CredentialValidationResult(caller, roles);
    } catch (InvalidJwtException | MalformedClaimException e) {
      return CredentialValidationResult.INVALID_RESULT;
    }
  }

  private static String caller(JwtClaims claims) throws MalformedClaimException {
    for (String name : new String[] {"upn", "preferred_username", "sub"}) {
      String value = claims.getStringClaimValue(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  @Override
  public Set<ValidationType> validationTypes() {
    return Set.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
  }
}
