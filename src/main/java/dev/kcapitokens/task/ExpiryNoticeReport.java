package dev.kcapitokens.task;

/**
 * What a run of the expiry notices did for a realm.
 *
 * @param disabledBecause why the realm sends no notices, or {@code null} when it does
 * @param sent            notices mailed
 * @param skipped         notices not mailed, for good (the owner has no e-mail address, is disabled or gone)
 * @param failed          notices whose mail could not be sent; they are tried again on the next run
 */
public record ExpiryNoticeReport(String disabledBecause, int sent, int skipped, int failed) {

    static ExpiryNoticeReport disabled(String because) {
        return new ExpiryNoticeReport(because, 0, 0, 0);
    }

    ExpiryNoticeReport plus(ExpiryNoticeReport other) {
        return new ExpiryNoticeReport(disabledBecause, sent + other.sent, skipped + other.skipped, failed + other.failed);
    }
}
