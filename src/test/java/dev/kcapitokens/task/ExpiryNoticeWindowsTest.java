package dev.kcapitokens.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kcapitokens.task.ExpiryNotices.Window;

/** Which notice a token is due, by how far its expiry lies from now: each expiry falls in one window at most. */
class ExpiryNoticeWindowsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void theDefaultNoticesAreAWeekBeforeAndTheDayOfExpiry() {
        assertEquals(List.of(new Window(0, NOW.minus(DAY), NOW), new Window(7, NOW, NOW.plus(DAY.multipliedBy(7)))),
                ExpiryNotices.windows(List.of(7, 0), NOW));
    }

    /** Expiry relative to now (ISO-8601 duration, negative: expired), the policy's days, the notice due ("-": none). */
    @ParameterizedTest(name = "expiry now{0}, days {1} -> {2}")
    @CsvSource({
            "+P7D,      7 0,      7",
            "+P6DT23H,  7 0,      7",
            "+PT1M,     7 0,      7",
            "+P7DT1M,   7 0,      -",
            "-PT1M,     7 0,      0",
            "-PT23H,    7 0,      0",
            "-P1DT1M,   7 0,      -",
            "+PT0S,     7 0,      0",
            "-PT1M,     7,        -",
            "+P20D,     30 7 1,   30",
            "+P5D,      30 7 1,   7",
            "+PT5H,     30 7 1,   1",
            "+P31D,     30 7 1,   -",
    })
    void eachExpiryIsDueOneNoticeAtMost(String offset, String days, String expected) {
        Instant expiry = NOW.plus(Duration.parse(offset.replace("+", "")));
        List<Integer> noticeDays = Arrays.stream(days.split(" ")).map(Integer::valueOf).toList();
        List<Window> due = ExpiryNotices.windows(noticeDays, NOW).stream()
                .filter(window -> expiry.isAfter(window.from()) && !expiry.isAfter(window.to()))
                .toList();
        assertEquals(expected.equals("-") ? List.of() : List.of(Integer.valueOf(expected)), due.stream().map(Window::daysBefore).toList());
    }

    @ParameterizedTest(name = "expiry now{0} -> {1} days left")
    @CsvSource({"+P7D, 7", "+P6DT23H59M, 7", "+P3DT1H, 4", "+PT1S, 1", "+PT0S, 0", "-PT5M, 0"})
    void theMailSaysWholeDaysLeftRoundedUp(String offset, long expected) {
        assertEquals(expected, ExpiryNoticeMail.daysLeft(NOW.plus(Duration.parse(offset.replace("+", ""))), NOW));
    }
}
