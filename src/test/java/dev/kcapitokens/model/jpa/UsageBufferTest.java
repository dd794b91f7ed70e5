package dev.kcapitokens.model.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class UsageBufferTest {

    private static final long RESOLUTION = 600_000;
    private final UsageBuffer buffer = new UsageBuffer(RESOLUTION);

    @Test
    void manyUsesBecomeOneWrite() {
        for (int i = 0; i < 1000; i++) {
            buffer.record("t1", 1_000 + i, "192.0.2." + (i % 7));
        }

        Map<String, UsageBuffer.Usage> due = buffer.drainDue(5_000);

        assertEquals(Map.of("t1", new UsageBuffer.Usage(1_999, "192.0.2." + (999 % 7))), due);
        assertNull(buffer.pending("t1"));
    }

    @Test
    void aTokenWrittenRecentlyWaitsForTheResolutionPeriodButStaysVisible() {
        buffer.record("t1", 1_000, "192.0.2.1");
        buffer.drainDue(2_000);
        buffer.record("t1", 3_000, "192.0.2.2");

        assertTrue(buffer.drainDue(4_000).isEmpty(), "written 2 s ago");
        assertEquals(new UsageBuffer.Usage(3_000, "192.0.2.2"), buffer.pending("t1"), "still shown on this node");
        assertEquals(Map.of("t1", new UsageBuffer.Usage(3_000, "192.0.2.2")), buffer.drainDue(2_000 + RESOLUTION));
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
        buffer.drainDue(1_500);
        buffer.record("t1", 2_000, "192.0.2.1");

        assertEquals(1, buffer.drainAll().size());
    }
}
