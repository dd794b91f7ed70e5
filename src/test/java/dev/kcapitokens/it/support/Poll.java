package dev.kcapitokens.it.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for the server to reach a state, instead of sleeping a fixed time and hoping. */
public final class Poll {

    private Poll() {
    }

    /** Checks every 100 ms until the condition holds; fails after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            KeycloakServer.sleep(100);
        }
    }
}
