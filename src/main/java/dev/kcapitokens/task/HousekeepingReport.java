package dev.kcapitokens.task;

import java.time.Instant;

/**
 * What a run of the housekeeping did for a realm.
 *
 * @param disabledBecause why the realm deletes no tokens, or {@code null} when it does
 * @param endedBefore     tokens revoked or expired before this instant were due
 * @param deleted         tokens deleted, each with its client and API Token User
 * @param failed          due tokens that could not be deleted; they are tried again on the next run
 */
public record HousekeepingReport(String disabledBecause, Instant endedBefore, int deleted, int failed) {

    static HousekeepingReport disabled(String because) {
        return new HousekeepingReport(because, null, 0, 0);
    }
}
