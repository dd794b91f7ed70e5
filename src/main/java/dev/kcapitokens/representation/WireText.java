package dev.kcapitokens.representation;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** How instants, durations and free text are written on the wire. Pure functions. */
final class WireText {

    /** The reference API's {@code Y-m-d H:i:s}, in UTC. */
    private static final DateTimeFormatter REFERENCE_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private WireText() {
    }

    /** {@code Y-m-d H:i:s} (UTC), ISO-8601 with or without offset (UTC when without), or a date (its start, UTC). */
    static Instant parseInstant(String text) {
        String value = text.trim();
        try {
            return LocalDateTime.parse(value, REFERENCE_FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            // next format
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException ignored) {
            // next format
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            // next format
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeException ignored) {
            return null;
        }
    }

    static Optional<Duration> parseDuration(String text) {
        try {
            return Optional.of(Duration.parse(text.trim()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** No control characters (except line breaks and tabs where allowed) and no unpaired surrogates. */
    static boolean cleanText(String value, boolean allowLineBreaks) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            } else if (Character.isISOControl(c) && !(allowLineBreaks && (c == '\n' || c == '\r' || c == '\t'))) {
                return false;
            }
        }
        return true;
    }
}
