package it.dev.offload;

import static it.dev.offload.Offload.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.restassured.path.json.JsonPath;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code email} tasks against a real SMTP server (GreenMail) that this test opens on the port the
 * worker server is configured to send to ({@code offload.mail.port}, pom.xml).
 */
class EmailTasksIT {

  @RegisterExtension
  static final GreenMailExtension smtp =
      new GreenMailExtension(
          new ServerSetup(Integer.getInteger("offload.smtp.port", 3025), "127.0.0.1", "smtp"));

  @Test
  void anEmailTaskDeliversItsMessageOnceUnderAMessageIdMadeFromTheTaskId()
      throws MessagingException {
    String id =
        Offload.submit(
            "{\"type\":\"email\",\"payload\":{\"to\":[\"ann@example.test\"],"
                + "\"subject\":\"Your report is ready\",\"text\":\"See the attachment.\"}}");

    JsonPath done = awaitStatus(id, "COMPLETED", Duration.ofSeconds(30));

    assertThat(done.getString("result.messageId")).isEqualTo("<" + id + "@offload>");
    // Delivered once, and not again later.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> smtp.getReceivedMessages().length == 1);
    MimeMessage mail = smtp.getReceivedMessages()[0];
    assertThat(mail.getMessageID()).isEqualTo("<" + id + "@offload>");
    assertThat(mail.getSubject()).isEqualTo("Your report is ready");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ann@example.test");
  }

  @Test
  void anAddressThatIsNotOneIsRefusedAtSubmission() {
    Offload.api()
        .body(
            "{\"type\":\"email\",\"payload\":{\"to\":[\"ann at example\"],\"subject\":\"s\","
                + "\"text\":\"t\"}}")
        .post("/api/tasks")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body(
            "detail",
            startsWith(
                "invalid payload for type 'email': 'ann at example' is not an e-mail address"));
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }
}
