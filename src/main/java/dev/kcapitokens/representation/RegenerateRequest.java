package dev.kcapitokens.representation;

import java.time.Duration;
import java.time.Instant;

/**
 * A regeneration request: the new validity as {@code expires_at} or {@code duration} (at most one; neither means the
 * realm's default), an optional {@code grace_period} during which the old secret keeps working, and optionally the
 * {@code version} the caller read.
 */
public record RegenerateRequest(Instant expiresAt, Duration duration, Duration gracePeriod, Integer version) {
}
