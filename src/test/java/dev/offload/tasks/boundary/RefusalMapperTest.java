package dev.offload.tasks.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.offload.platform.Problem;
import dev.offload.submission.KeyReused;
import dev.offload.submission.Overloaded;
import dev.offload.submission.RateLimited;
import dev.offload.tasks.entity.IllegalTransitionException;
import dev.offload.tasks.entity.NoSuchTask;
import dev.offload.tasks.entity.Refusal;
import dev.offload.tasks.entity.TaskStatus;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;

class RefusalMapperTest {

  @Test
  void anUnknownTaskIsNotFound() {
    assertThat(RefusalMapper.problem(new NoSuchTask("t1")).status()).isEqualTo(404);
  }

  @Test
  void aTransitionTheStateForbidsAndAReusedKeyAreConflicts() {
    Refusal illegal = new IllegalTransitionException("t1", TaskStatus.COMPLETED, "retry");

    assertThat(RefusalMapper.problem(illegal).status()).isEqualTo(409);
    assertThat(RefusalMapper.problem(illegal).getMessage())
        .isEqualTo("task t1 cannot retry while COMPLETED");
    assertThat(RefusalMapper.problem(new KeyReused("t1")).status()).isEqualTo(409);
  }

  @Test
  void aFullQueueIsUnavailableForAFewSecondsForBackpressure() throws Exception {
    HttpServletResponse response = written(RefusalMapper.problem(new Overloaded(300, 300)));

    verify(response).setStatus(503);
    verify(response).setHeader("Retry-After", "5");
  }

  @Test
  void anAccountOverItsRateIsToldWhenItMaySubmitAgain() throws Exception {
    Problem problem = RefusalMapper.problem(new RateLimited("ann", 3, 2));
    HttpServletResponse response = written(problem);

    verify(response).setStatus(429);
    verify(response).setHeader("Retry-After", "2");
    assertThat(problem.toJson(null).getString("reason")).isEqualTo("rate-limit");
  }

  @Test
  void theReasonsAreThoseTheRejectionMetricsCount() {
    JsonObject overloaded = RefusalMapper.problem(new Overloaded(300, 300)).toJson(null);
    JsonObject reused = RefusalMapper.problem(new KeyReused("t1")).toJson(null);

    assertThat(overloaded.getString("reason")).isEqualTo("backpressure");
    assertThat(reused.containsKey("reason")).as("a conflict is counted by its status").isFalse();
  }

  @Test
  void onlyTheThrottlingRefusalsSayWhenToComeBack() throws Exception {
    HttpServletResponse response = written(RefusalMapper.problem(new NoSuchTask("t1")));

    verify(response, never())
        .setHeader(ArgumentMatchers.eq("Retry-After"), ArgumentMatchers.anyString());
  }

  private static HttpServletResponse written(Problem problem) throws Exception {
    HttpServletResponse response = mock(HttpServletResponse.class);
    when(response.getWriter()).thenReturn(new PrintWriter(new StringWriter()));
    problem.write(response, "/api/tasks");
    return response;
  }
}
