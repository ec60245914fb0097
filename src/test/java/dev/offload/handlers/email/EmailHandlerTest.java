package dev.offload.handlers.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.offload.handlers.TaskContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The handler against a real SMTP server (GreenMail) on a free port. */
class EmailHandlerTest {

  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private final EmailHandler handler = new EmailHandler();

  @BeforeEach
  void session() {
    Properties properties = new Properties();
    properties.setProperty("mail.smtp.host", "127.0.0.1");
    properties.setProperty("mail.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
    properties.setProperty("mail.from", "offload@example.test");
    properties.setProperty("mail.smtp.sendpartial", "true");
    handler.mail = Session.getInstance(properties);
  }

  private static JsonObject payload(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  @Test
  void aMessageWithTextAndHtmlIsDeliveredUnderAMessageIdMadeFromTheTaskId() throws Exception {
    JsonObject result =
        handler
            .handle(
                new TaskContext(
                    "0b6f3c1e-8f2a-4d0e-9c7b-2a1d5e6f7a8b",
                    "email",
                    1,
                    3,
                    payload(
                        "{\"to\": [\"Ann <ann@example.test>\", \"bob@example.test\"],"
                            + " \"subject\": \"Your invoice – № 7\", \"text\": \"Hello\","
                            + " \"html\": \"<p>Hello</p>\"}")))
            .asJsonObject();

    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(2); // one per recipient's mailbox
    MimeMessage mail = received[0];
    assertThat(mail.getMessageID()).isEqualTo("<0b6f3c1e-8f2a-4d0e-9c7b-2a1d5e6f7a8b@offload>");
    assertThat(mail.getSubject()).isEqualTo("Your invoice – № 7");
    assertThat(mail.getFrom()[0].toString()).isEqualTo("offload@example.test");
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(result.getString("messageId"))
        .isEqualTo("<0b6f3c1e-8f2a-4d0e-9c7b-2a1d5e6f7a8b@offload>");
    assertThat(result.getInt("recipients")).isEqualTo(2);
    assertThat(result.getJsonArray("refused")).isEmpty();
  }

  @Test
  void aRetriedSendCarriesTheSameMessageId() throws Exception {
    for (int attempt = 1; attempt <= 2; attempt++) {
      handler.handle(
          new TaskContext(
              "task-9",
              "email",
              attempt,
              3,
              payload("{\"to\": [\"ann@example.test\"], \"subject\": \"s\", \"text\": \"t\"}")));
    }

    assertThat(smtp.getReceivedMessages())
        .extracting(MimeMessage::getMessageID)
        .containsExactly("<task-9@offload>", "<task-9@offload>");
  }

  @Test
  void noServerListeningFailsTheAttemptToBeRetried() {
    Properties properties = new Properties();
    properties.setProperty("mail.smtp.host", "127.0.0.1");
    properties.setProperty("mail.smtp.port", "1");
    properties.setProperty("mail.smtp.connectiontimeout", "2000");
    handler.mail = Session.getInstance(properties);

    assertThatThrownBy(
            () ->
                handler.handle(
                    new TaskContext(
                        "t",
                        "email",
                        1,
                        3,
                        payload(
                            "{\"to\": [\"ann@example.test\"], \"subject\": \"s\", \"text\": \"t\"}"))))
        .isInstanceOf(jakarta.mail.MessagingException.class)
        .isNotInstanceOf(dev.offload.handlers.PermanentFailure.class);
  }

  @Test
  void badPayloadsAreRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> Email.parse(payload("{\"subject\": \"s\", \"text\": \"t\"}")))
        .hasMessage("\"to\" is required: an array of 1 to 50 e-mail addresses");
    assertThatThrownBy(
            () ->
                Email.parse(
                    payload("{\"to\": [\"not an address\"], \"subject\": \"s\", \"text\": \"t\"}")))
        .hasMessageStartingWith("'not an address' is not an e-mail address");
    assertThatThrownBy(() -> Email.parse(payload("{\"to\": [\"a@b.test\"], \"subject\": \"s\"}")))
        .hasMessage("give \"text\", \"html\" or both");
    assertThatThrownBy(
            () ->
                Email.parse(
                    payload(
                        "{\"to\": [\"a@b.test\"], \"subject\": \"a\\r\\nBcc: x@y.test\","
                            + " \"text\": \"t\"}")))
        .hasMessage("\"subject\" must be on one line");
    assertThatThrownBy(
            () ->
                Email.parse(
                    payload(
                        "{\"to\": [\"a@b.test\"], \"subject\": \"s\", \"text\": \"t\", \"cc\": []}")))
        .hasMessage("unknown member 'cc'; an email payload has [html, subject, text, to]");
  }
}
