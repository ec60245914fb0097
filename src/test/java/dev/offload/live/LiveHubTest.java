package dev.offload.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.offload.tasks.entity.Progress;
import dev.offload.tasks.entity.TaskStatus;
import dev.offload.tasks.entity.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiveHubTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final LiveHub hub = new LiveHub();

  private static Transition transition(String taskId, TaskStatus status, long revision) {
    return new Transition(taskId, "simulate", "alice", status, 1, revision, T0, null);
  }

  @Test
  void aFollowerGetsTheCurrentStatusThenNewerTransitionsAndTheStreamEndsAfterAFinalOne() {
    RecordingSink client = new RecordingSink();
    hub.follow("t1", client, client, () -> transition("t1", TaskStatus.QUEUED, 1));

    hub.deliver(transition("t1", TaskStatus.PROCESSING, 2));
    hub.deliver(transition("t1", TaskStatus.QUEUED, 1)); // late, from another server
    hub.deliver(transition("t1", TaskStatus.COMPLETED, 2));
    hub.deliver(transition("t2", TaskStatus.COMPLETED, 2));

    assertThat(client.ids()).containsExactly("t1/1", "t1/2", "t1/2");
    assertThat(client.sent.get(client.sent.size() - 1).getData().toString())
        .contains("\"status\":\"COMPLETED\"");
    assertThat(client.isClosed()).as("ended after the final transition").isTrue();
  }

  @Test
  void aFollowerWhoArrivesAfterAnAnnouncedStartHearsItAfterTheStoredStatus() {
    // The start is announced before it is written: the database still says QUEUED.
    hub.deliver(transition("t1", TaskStatus.PROCESSING, 2));
    hub.deliver(transition("t1", TaskStatus.QUEUED, 1)); // older, arriving late

    RecordingSink client = new RecordingSink();
    hub.follow("t1", client, client, () -> transition("t1", TaskStatus.QUEUED, 1));

    assertThat(client.sent)
        .extracting(e -> e.getData().toString())
        .satisfiesExactly(
            queued -> assertThat(queued).contains("QUEUED"),
            processing -> assertThat(processing).contains("PROCESSING"));
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  void aFinishedTaskLeavesNothingToReplay() {
    hub.deliver(transition("t1", TaskStatus.PROCESSING, 2));
    hub.deliver(transition("t1", TaskStatus.COMPLETED, 2));

    RecordingSink client = new RecordingSink();
    hub.follow("t1", client, client, () -> transition("t1", TaskStatus.COMPLETED, 2));

    assertThat(client.ids()).containsExactly("t1/2");
    assertThat(client.isClosed()).isTrue();
  }

  @Test
  void aWaiterHearsTheFirstTransitionIntoAWantedStatusOnce() {
    List<Transition> heard = new ArrayList<>();
    hub.await("t1", Set.of(TaskStatus.COMPLETED, TaskStatus.FAILED), heard::add);

    hub.deliver(transition("t1", TaskStatus.PROCESSING, 2));
    hub.deliver(transition("t1", TaskStatus.COMPLETED, 2));
    hub.deliver(transition("t1", TaskStatus.COMPLETED, 2));

    assertThat(heard).extracting(Transition::status).containsExactly(TaskStatus.COMPLETED);
  }

  @Test
  void aCancelledWaitHearsNothing() {
    List<Transition> heard = new ArrayList<>();
    Runnable cancel = hub.await("t1", Set.of(TaskStatus.COMPLETED), heard::add);

    cancel.run();
    hub.deliver(transition("t1", TaskStatus.COMPLETED, 2));

    assertThat(heard).isEmpty();
  }

  @Test
  void theStreamOfAllTasksCarriesWhatItsFilterSelectsAndStaysOpen() {
    RecordingSink client = new RecordingSink();
    hub.stream(client, client, t -> t.taskId().startsWith("a"));

    hub.deliver(transition("a1", TaskStatus.COMPLETED, 2));
    hub.deliver(transition("b1", TaskStatus.COMPLETED, 2));
    hub.deliver(transition("a2", TaskStatus.QUEUED, 1));

    assertThat(client.sent.get(0).getComment()).as("subscribed at once").isNotNull();
    assertThat(client.ids()).containsExactly("a1/2", "a2/1");
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  void aFailingClientDoesNotKeepTheOthersFromHearing() {
    hub.await(
        "t1",
        Set.of(TaskStatus.COMPLETED),
        t -> {
          throw new IllegalStateException("this client's connection is gone");
        });
    RecordingSink client = new RecordingSink();
    hub.stream(client, client, t -> true);

    hub.deliver(transition("t1", TaskStatus.COMPLETED, 2));

    assertThat(client.ids()).containsExactly("t1/2");
  }

  @Test
  void progressReachesTheTasksFollowersAndTheStreamsThatWantItButNoWaiter() {
    RecordingSink follower = new RecordingSink();
    hub.follow("t1", follower, follower, () -> transition("t1", TaskStatus.PROCESSING, 2));
    RecordingSink others = new RecordingSink();
    hub.stream(others, others, e -> e.taskId().equals("t2"));
    List<Transition> heard = new ArrayList<>();
    hub.await("t1", Set.of(TaskStatus.PROCESSING, TaskStatus.COMPLETED), heard::add);

    hub.deliver(new Progress("t1", "simulate", "alice", 1, 40, "resizing", T0));

    assertThat(follower.sent)
        .extracting(RecordingSink.Sent::name)
        .containsExactly("transition", "progress");
    assertThat(follower.sent.get(1).getData().toString())
        .isEqualTo(
            "{\"taskId\":\"t1\",\"type\":\"simulate\",\"owner\":\"alice\",\"attempt\":1,"
                + "\"percent\":40,\"message\":\"resizing\",\"at\":\"2026-12-01T10:00:00Z\"}");
    assertThat(others.ids()).isEmpty();
    assertThat(heard).isEmpty();
  }

  @Test
  void aBatchOnTheTopicCarriesTransitionsAndProgressAlike() {
    Transition completed = transition("t1", TaskStatus.COMPLETED, 3);
    Progress half = new Progress("t2", "simulate", "bob", 2, 50, null, T0);

    assertThat(LiveJson.list(LiveJson.of(List.of(half, completed))))
        .containsExactly(half, completed);
    assertThat(LiveJson.list(LiveJson.of(List.of()))).isEmpty();
  }
}
