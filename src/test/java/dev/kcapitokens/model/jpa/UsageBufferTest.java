package dev.kcapitokens.model.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class UsageBufferTest {

    private static final long RESOLUTION = 600_000;
    private final UsageBuffer buffer = new UsageBuffer(RESOLUTION);

    /** What a flush does: take the due uses, write them, and report them written once the write committed. */
    private Map<String, UsageBuffer.Usage> flush(long now) {
        Map<String, UsageBuffer.Usage> due = buffer.due(now);
        buffer.written(due, now);
        return due;
    }

    @Test
    void manyUsesBecomeOneWrite() {
        for (int i = 0; i < 1000; i++) {
            buffer.record("t1", 1_000 + i, "192.0.2." + (i % 7));
        }

        Map<String, UsageBuffer.Usage> due = flush(5_000);

        assertEquals(Map.of("t1", new UsageBuffer.Usage(1_999, "192.0.2." + (999 % 7))), due);
        assertNull(buffer.pending("t1"));
    }

    @Test
    void aFailedFlushLosesNothing() {
        buffer.record("t1", 1_000, "192.0.2.1");

        Map<String, UsageBuffer.Usage> attempted = buffer.due(2_000); // the write rolls back: written() is never called

        assertEquals(attempted, buffer.due(3_000), "the next flush writes it again");
        assertEquals(new UsageBuffer.Usage(1_000, "192.0.2.1"), buffer.pending("t1"));
    }

    @Test
    void aUseDuringTheFlushStaysPending() {
        buffer.record("t1", 1_000, "192.0.2.1");
        Map<String, UsageBuffer.Usage> due = buffer.due(2_000);
        buffer.record("t1", 2_500, "192.0.2.2");

        buffer.written(due, 3_000);

        assertEquals(new UsageBuffer.Usage(2_500, "192.0.2.2"), buffer.pending("t1"));
        assertTrue(buffer.due(4_000).isEmpty(), "written a moment ago: waits for the resolution period");
        assertEquals(Map.of("t1", new UsageBuffer.Usage(2_500, "192.0.2.2")), buffer.due(3_000 + RESOLUTION));
    }

    @Test
    void aTokenWrittenRecentlyWaitsForTheResolutionPeriodButStaysVisible() {
        buffer.record("t1", 1_000, "192.0.2.1");
        flush(2_000);
        buffer.record("t1", 3_000, "192.0.2.2");

        assertTrue(buffer.due(4_000).isEmpty(), "written 2 s ago");
        assertEquals(new UsageBuffer.Usage(3_000, "192.0.2.2"), buffer.pending("t1"), "still shown on this node");
        assertEquals(Map.of("t1", new UsageBuffer.Usage(3_000, "192.0.2.2")), buffer.due(2_000 + RESOLUTION));
    }

    @Test
    void introspectionKeepsTheLastAddress() {
        buffer.record("t1", 1_000, "192.0.2.1");
        buffer.record("t1", 2_000, null);

        assertEquals(new UsageBuffer.Usage(2_000, "192.0.2.1"), buffer.pending("t1"));
    }

    @Test
    void shutdownWritesEverything() {
        buffer.record("t1", 1_000, "192.0.2.1");
        flush(1_500);
        buffer.record("t1", 2_000, "192.0.2.1");

        assertEquals(1, buffer.all().size());
    }
}
