package it.dev.offload;

import static io.restassured.RestAssured.given;
import static it.dev.offload.Offload.API;
import static it.dev.offload.Offload.totalTasks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * Service clients sign in with bearer tokens (MicroProfile JWT format) of the configured issuer:
 * the token's {@code upn} is the account, its {@code groups} the role. The test API server trusts
 * the test-only key pair in {@code src/test/resources/jwt/}; a token signed by any other key, of
 * another issuer, expired, or without an Offload role is refused and changes nothing.
 */
class BearerTokenIT {

  private static final String ISSUER = System.getProperty("offload.jwt.issuer");
  private static final String TASK = "{\"type\":\"simulate\",\"payload\":{}}";

  private static RequestSpecification with(String token) {
    return given()
        .baseUri(API)
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON);
  }

  private static String token(
      PrivateKey key, String issuer, String upn, List<String> groups, Instant expires)
      throws JoseException {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience("offload");
    claims.setClaim("upn", upn);
    claims.setStringListClaim("groups", groups);
    claims.setIssuedAtToNow();
    claims.setExpirationTime(NumericDate.fromSeconds(expires.getEpochSecond()));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }

  private static String token(String upn, String role) throws Exception {
    return token(testKey(), ISSUER, upn, List.of(role), Instant.now().plus(Duration.ofMinutes(5)));
  }

  private static PrivateKey testKey() throws IOException, GeneralSecurityException {
    try (InputStream pem = BearerTokenIT.class.getResourceAsStream("/jwt/it-signing-key.pem")) {
      String body =
          new String(pem.readAllBytes(), StandardCharsets.US_ASCII)
              .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
    }
  }

  @Test
  void aServiceSignsInWithATokenAndOwnsWhatItSubmits() throws Exception {
    String token = token("svc-billing", "submitter");

    with(token)
        .get("/api/accounts/me")
        .then()
        .statusCode(200)
        .body("name", equalTo("svc-billing"))
        .body("role", equalTo("submitter"));
    String id =
        with(token)
            .body(TASK)
            .post("/api/tasks")
            .then()
            .statusCode(202)
            .body("owner", equalTo("svc-billing"))
            .extract()
            .path("id");
    with(token).get("/api/tasks/" + id).then().statusCode(200);
  }

  @Test
  void aViewersTokenReadsButMayNotSubmit() throws Exception {
    String token = token("svc-dashboard", "viewer");

    with(token).get("/api/tasks?limit=1").then().statusCode(200);
    with(token).body(TASK).post("/api/tasks").then().statusCode(403);
  }

  @Test
  void aTokenThatIsNotTrustedIsRefusedAndChangesNothing() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    PrivateKey strangers = generator.generateKeyPair().getPrivate();
    Instant later = Instant.now().plus(Duration.ofMinutes(5));
    long before = totalTasks();

    for (String token :
        List.of(
            token(strangers, ISSUER, "svc-billing", List.of("operator"), later),
            token(
                testKey(), "https://elsewhere.example", "svc-billing", List.of("operator"), later),
            token(
                testKey(),
                ISSUER,
                "svc-billing",
                List.of("operator"),
                Instant.now().minus(Duration.ofMinutes(10))),
            token(testKey(), ISSUER, "svc-billing", List.of("admin"), later),
            // A token may not be one of the accounts that sign in with a password.
            token(testKey(), ISSUER, "it-operator", List.of("operator"), later),
            "not.a.token")) {
      with(token)
          .body(TASK)
          .post("/api/tasks")
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
          .contentType("application/problem+json")
          .body("detail", containsString("the bearer token is not valid"));
    }

    assertThat(totalTasks()).isEqualTo(before);
  }
}
