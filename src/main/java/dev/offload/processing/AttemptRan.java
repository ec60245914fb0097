package dev.offload.processing;

import java.time.Duration;

/**
 * An attempt's handler has returned or thrown, fired so that whoever measures attempts need not be
 * called by the code that runs them.
 *
 * @param outcome {@code completed}, {@code failed}, {@code timed-out} or {@code cancelled}
 */
public record AttemptRan(String type, String outcome, Duration took) {}
