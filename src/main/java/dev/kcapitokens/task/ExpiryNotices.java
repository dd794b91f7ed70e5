package dev.kcapitokens.task;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ExpiryNotice;

/**
 * One realm's expiry notices. The policy's notice days split the time around now into windows: a token whose expiry
 * lies within {@code d} days (and beyond the next smaller notice day) is due the notice of {@code d} days, and a token
 * that expired within the last day is due the notice of 0 days, if the policy has it. A notice is claimed in the
 * database before its mail goes out and given back if the mail fails, so it is sent once per token and expiry, however
 * many runs and nodes there are.
 */
final class ExpiryNotices {

    private static final Logger LOG = Logger.getLogger(ExpiryNotices.class);
    private static final Duration DAY = Duration.ofDays(1);
    /** Consecutive failed mails after which a run stops for the realm: its mail server is probably down. */
    private static final int MAX_FAILURES_IN_A_ROW = 3;

    /** A window of expiries, {@code (from, to]}, due the notice of {@code daysBefore} days. */
    record Window(int daysBefore, Instant from, Instant to) {
    }

    private final KeycloakSessionFactory factory;
    private final int batchSize;

    ExpiryNotices(KeycloakSessionFactory factory, int batchSize) {
        this.factory = factory;
        this.batchSize = batchSize;
    }

    /** Why the realm sends no notices, or {@code null} when it does. */
    static String disabledBecause(RealmModel realm) {
        if (!ApiTokenPolicy.of(realm).sendsExpiryNotices()) {
            return "the realm policy has no expiry_notice_days";
        }
        Map<String, String> smtp = realm.getSmtpConfig();
        if (smtp == null || smtp.get("host") == null || smtp.get("host").isBlank()) {
            return "the realm has no SMTP server configured";
        }
        return null;
    }

    /** The windows of the policy's notice days around {@code now}, smallest first. */
    static List<Window> windows(List<Integer> noticeDays, Instant now) {
        List<Integer> ascending = noticeDays.stream().sorted().toList();
        List<Window> windows = new ArrayList<>();
        int previous = 0;
        for (int days : ascending) {
            windows.add(days == 0 ? new Window(0, now.minus(DAY), now)
                    : new Window(days, now.plus(DAY.multipliedBy(previous)), now.plus(DAY.multipliedBy(days))));
            previous = days;
        }
        return windows;
    }

    /** Sends what is due in the realm, batch by batch, each batch in a transaction of its own. */
    ExpiryNoticeReport run(String realmId) {
        record Settings(String disabledBecause, List<Integer> noticeDays) {
        }
        Settings settings = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            return realm == null ? new Settings("the realm no longer exists", List.of())
                    : new Settings(disabledBecause(realm), ApiTokenPolicy.of(realm).expiryNoticeDays());
        });
        if (settings.disabledBecause() != null) {
            return ExpiryNoticeReport.disabled(settings.disabledBecause());
        }
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        ExpiryNoticeReport report = new ExpiryNoticeReport(null, 0, 0, 0);
        for (Window window : windows(settings.noticeDays(), now)) {
            String afterId = null;
            Batch batch;
            do {
                String after = afterId;
                try {
                    batch = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> batch(session, realmId, window, after, now));
                } catch (RuntimeException e) {
                    // the batch's claims are rolled back: its notices are due again on the next run
                    LOG.warnf(e, "expiry notices stopped realm_id=%s days_before=%d", realmId, window.daysBefore());
                    return report.plus(new ExpiryNoticeReport(null, 0, 0, 1));
                }
                report = report.plus(batch.report());
                if (batch.stopped()) {
                    LOG.warnf("expiry notices stopped realm_id=%s: %d mails in a row failed", realmId, MAX_FAILURES_IN_A_ROW);
                    return report;
                }
                afterId = batch.lastId();
            } while (batch.size() == batchSize);
        }
        LOG.debugf("expiry notices realm_id=%s sent=%d skipped=%d failed=%d", realmId, report.sent(), report.skipped(), report.failed());
        return report;
    }

    private record Batch(int size, String lastId, ExpiryNoticeReport report, boolean stopped) {
    }

    private Batch batch(KeycloakSession session, String realmId, Window window, String afterId, Instant now) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return new Batch(0, afterId, new ExpiryNoticeReport(null, 0, 0, 0), false);
        }
        session.getContext().setRealm(realm);
        ApiTokenProvider tokens = session.getProvider(ApiTokenProvider.class);
        List<ApiTokenModel> due = tokens.searchExpiring(realm, window.from(), window.to(), window.daysBefore(), afterId, batchSize);
        int sent = 0;
        int skipped = 0;
        int failed = 0;
        int failedInARow = 0;
        for (ApiTokenModel token : due) {
            ExpiryNotice previous = token.getExpiryNotice();
            ExpiryNotice claimed = new ExpiryNotice(token.getExpiresAt(), window.daysBefore());
            if (!tokens.replaceExpiryNotice(realm, token, previous, claimed)) {
                continue; // another run claimed it, or the token changed since the search
            }
            UserModel owner = session.users().getUserById(realm, token.getOwnerId());
            String skip = owner == null ? "the owner no longer exists"
                    : !owner.isEnabled() ? "the owner is disabled"
                    : owner.getEmail() == null || owner.getEmail().isBlank() ? "the owner has no e-mail address"
                    : null;
            if (skip != null) {
                LOG.warnf("no expiry notice for api token realm=%s token=%s owner=%s days_before=%d: %s", realm.getName(),
                        token.getId(), token.getOwnerId(), window.daysBefore(), skip);
                skipped++;
                continue;
            }
            try {
                ExpiryNoticeMail.send(session, realm, owner, token, window.daysBefore(), now);
                sent++;
                failedInARow = 0;
                LOG.debugf("sent expiry notice for api token realm=%s token=%s owner=%s days_before=%d", realm.getName(),
                        token.getId(), token.getOwnerId(), window.daysBefore());
            } catch (EmailException e) {
                tokens.replaceExpiryNotice(realm, token, claimed, previous); // the next run tries again
                failed++;
                failedInARow++;
                LOG.warnf("could not send expiry notice for api token realm=%s token=%s owner=%s days_before=%d: %s",
                        realm.getName(), token.getId(), token.getOwnerId(), window.daysBefore(), e.getMessage());
                if (failedInARow >= MAX_FAILURES_IN_A_ROW) {
                    return new Batch(0, token.getId(), new ExpiryNoticeReport(null, sent, skipped, failed), true);
                }
            }
        }
        return new Batch(due.size(), due.isEmpty() ? afterId : due.get(due.size() - 1).getId(),
                new ExpiryNoticeReport(null, sent, skipped, failed), false);
    }
}
