package it.dev.offload;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * The broker has no well-known account, and the application's own account may do what Offload does
 * with the broker and nothing more: it reads its queues' figures, and can neither change the
 * broker, nor send elsewhere, nor sign in to the console.
 */
class BrokerSecurityIT {

  /** The broker's acceptor, over TLS as the test servers connect when the tests' broker has it. */
  private static final String URL =
      "tcp://127.0.0.1:"
          + Offload.BROKER_PORT
          + "?"
          + System.getProperty("offload.broker.tls", "sslEnabled=false");

  private static final String READ_VERSION =
      "{\"type\":\"read\",\"mbean\":\"org.apache.activemq.artemis:broker=\\\"offload\\\"\","
          + "\"attribute\":\"Version\"}";

  private static io.restassured.response.Response console(String user, String password) {
    return given()
        .baseUri(Offload.CONSOLE)
        .auth()
        .preemptive()
        .basic(user, password)
        .header("Origin", "http://127.0.0.1")
        .contentType(ContentType.JSON)
        .body(READ_VERSION)
        .post("/jolokia/");
  }

  @Test
  void adminAdminWorksNowhere() {
    console("admin", "admin").then().statusCode(anyOf(equalTo(401), equalTo(403)));
    assertThatThrownBy(() -> connect("admin", "admin").close())
        .isInstanceOf(JMSSecurityException.class);

    console(Offload.CONSOLE_USER, Offload.CONSOLE_PASSWORD).then().statusCode(200);
  }

  /**
   * Artemis lets its cluster account in on any broker with every right: neither its default nor
   * broker.xml's placeholder text may be that account's password.
   */
  @Test
  void theClusterAccountHasNoWellKnownPassword() {
    assertThatThrownBy(() -> connect("ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!").close())
        .isInstanceOf(JMSSecurityException.class);
    assertThatThrownBy(
            () -> connect("offload-cluster", "${offload.broker.cluster.password}").close())
        .isInstanceOf(JMSSecurityException.class);
  }

  @Test
  void theApplicationsAccountMayNotUseTheConsole() {
    console(Offload.BROKER_USER, Offload.BROKER_PASSWORD)
        .then()
        .statusCode(anyOf(equalTo(401), equalTo(403)));
  }

  @Test
  void theApplicationsAccountReadsItsQueuesButChangesNothingElse() throws Exception {
    try (Connection connection = connect(Offload.BROKER_USER, Offload.BROKER_PASSWORD)) {
      Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      connection.start();

      Message depth = session.createMessage();
      JMSManagementHelper.putAttribute(depth, "queue." + Offload.TASKS, "messageCount");
      Message answer = ask(session, depth);
      assertThat(JMSManagementHelper.hasOperationSucceeded(answer))
          .as("reading the depth of " + Offload.TASKS)
          .isTrue();

      String address = "offload-it-forbidden";
      Message create = session.createMessage();
      JMSManagementHelper.putOperationInvocation(
          create, "broker", "createAddress", address, "ANYCAST");
      assertThat(JMSManagementHelper.hasOperationSucceeded(ask(session, create)))
          .as("creating an address")
          .isFalse();
      Message purge = session.createMessage();
      JMSManagementHelper.putOperationInvocation(
          purge, "queue." + Offload.DLQ, "removeAllMessages");
      assertThat(JMSManagementHelper.hasOperationSucceeded(ask(session, purge)))
          .as("emptying the dead-letter queue")
          .isFalse();

      assertThatThrownBy(
              () ->
                  session
                      .createProducer(session.createQueue("ExpiryQueue"))
                      .send(session.createTextMessage("x")))
          .isInstanceOf(JMSSecurityException.class);
      assertThatThrownBy(() -> session.createConsumer(session.createQueue("DLQ")))
          .isInstanceOf(JMSSecurityException.class);
    }
  }

  @Test
  void theTestBrokerSpeaksOnlyTls() {
    assertThat(URL).as("the test servers' broker parameters").contains("sslEnabled=true");

    // A client that does not speak TLS gets no connection, whatever its account.
    assertThatThrownBy(
            () ->
                new ActiveMQConnectionFactory(
                        "tcp://127.0.0.1:" + Offload.BROKER_PORT + "?callTimeout=5000",
                        Offload.BROKER_USER,
                        Offload.BROKER_PASSWORD)
                    .createConnection()
                    .close())
        .isInstanceOf(JMSException.class);
  }

  private static Connection connect(String user, String password) throws JMSException {
    // The factory stays open: closing it would close the connection it made.
    return new ActiveMQConnectionFactory(URL, user, password).createConnection();
  }

  /** A management request and its answer, as Offload's own statistics ask. */
  private static Message ask(Session session, Message request) throws JMSException {
    TemporaryQueue replies = session.createTemporaryQueue();
    try (MessageConsumer consumer = session.createConsumer(replies)) {
      request.setJMSReplyTo(replies);
      session.createProducer(session.createQueue("activemq.management")).send(request);
      Message reply = consumer.receive(10_000);
      assertThat(reply).as("the broker's answer").isNotNull();
      return reply;
    } finally {
      replies.delete();
    }
  }
}
