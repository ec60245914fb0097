package dev.offload.tasks.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CursorTest {

  @Test
  void aCursorSurvivesTheRoundTripThroughAClient() {
    Cursor cursor =
        new Cursor(
            Instant.parse("2026-03-04T05:06:07.089Z"), "8b1c7a4e-0000-4000-8000-000000000001");

    assertThat(Cursor.decode(cursor.encode())).contains(cursor);
  }

  @Test
  void somethingElseIsNotACursor() {
    assertThat(Cursor.decode("not a cursor!")).isEmpty();
    assertThat(Cursor.decode("bm9jb2xvbg")).isEmpty();
    assertThat(Cursor.decode("")).isEmpty();
  }
}
