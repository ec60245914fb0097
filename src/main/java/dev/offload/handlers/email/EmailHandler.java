package dev.offload.handlers.email;

import dev.offload.handlers.PermanentFailure;
import dev.offload.handlers.TaskContext;
import dev.offload.handlers.TaskHandler;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code email}: sends an e-mail through the server's mail session ({@code mail/offload}: SMTP
 * host, port, credentials and TLS from Liberty variables). The message's {@code Message-ID} is made
 * from the task's id, the same on every attempt, so a retried send is recognisable as the same
 * message. A failure to reach or talk to the SMTP server fails the attempt. The session sends to
 * the recipients the server accepts ({@code mail.smtp.sendpartial}): when it refuses some, the task
 * completes and its result names them (sending again would repeat the message to the others); when
 * it refuses all, the task fails for good.
 */
@ApplicationScoped
public class EmailHandler implements TaskHandler {

  @Resource(lookup = "mail/offload")
  Session mail;

  @Override
  public String type() {
    return "email";
  }

  @Override
  public void validate(JsonObject payload) {
    Email.parse(payload);
  }

  @Override
  public JsonValue handle(TaskContext task) throws MessagingException, IOException {
    Email email = Email.parse(task.payload());
    MimeMessage message = message(email, messageId(task.taskId()));
    Address[] refused = {};
    try {
      Transport.send(message);
    } catch (SendFailedException failed) {
      refused = orNone(failed.getInvalidAddresses());
      if (orNone(failed.getValidSentAddresses()).length == 0) {
        if (refused.length > 0 && orNone(failed.getValidUnsentAddresses()).length == 0) {
          throw new PermanentFailure("the SMTP server refused every recipient: " + failed);
        }
        throw failed; // nothing sent: a passing refusal, try again
      }
    }
    JsonArrayBuilder refusedList = Json.createArrayBuilder();
    for (Address address : refused) {
      refusedList.add(address.toString());
    }
    return Json.createObjectBuilder()
        .add("messageId", message.getMessageID())
        .add("recipients", email.to().size() - refused.length)
        .add("refused", refusedList)
        .build();
  }

  private static Address[] orNone(Address[] addresses) {
    return addresses == null ? new Address[0] : addresses;
  }

  /** The same on every attempt of a task. */
  static String messageId(String taskId) {
    return "<" + taskId + "@offload>";
  }

  private MimeMessage message(Email email, String messageId) throws MessagingException {
    MimeMessage message =
        new MimeMessage(mail) {
          @Override
          protected void updateMessageID() throws MessagingException {
            // Jakarta Mail would make a new one for every send.
            setHeader("Message-ID", messageId);
          }
        };
    InternetAddress from = InternetAddress.getLocalAddress(mail);
    if (from != null) {
      message.setFrom(from);
    }
    message.setRecipients(Message.RecipientType.TO, email.to().toArray(InternetAddress[]::new));
    message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
    if (email.html() == null) {
      message.setText(email.text(), StandardCharsets.UTF_8.name());
    } else if (email.text() == null) {
      message.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
    } else {
      MimeBodyPart text = new MimeBodyPart();
      text.setText(email.text(), StandardCharsets.UTF_8.name());
      MimeBodyPart html = new MimeBodyPart();
      html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
      message.setContent(new MimeMultipart("alternative", text, html));
    }
    return message;
  }
}
