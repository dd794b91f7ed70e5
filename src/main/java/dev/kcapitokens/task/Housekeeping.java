package dev.kcapitokens.task;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ApiTokenRepresentation;

/**
 * One realm's housekeeping: deletes, through {@link ApiTokenProvider#delete}, every token revoked or expired longer
 * ago than the policy's {@code delete_ended_after_days}, with an admin event each. A batch is one transaction; a batch
 * that fails is retried one token per transaction, so one token that cannot be deleted holds up no other.
 */
final class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final KeycloakSessionFactory factory;
    private final int batchSize;

    Housekeeping(KeycloakSessionFactory factory, int batchSize) {
        this.factory = factory;
        this.batchSize = batchSize;
    }

    /** Why the realm deletes no tokens, or {@code null} when it does. */
    static String disabledBecause(RealmModel realm) {
        return ApiTokenPolicy.of(realm).deletesEndedTokens() ? null : "the realm policy has no delete_ended_after_days";
    }

    HousekeepingReport run(String realmId, AuthDetails author) {
        record Settings(String disabledBecause, Integer days) {
        }
        Settings settings = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            return realm == null ? new Settings("the realm no longer exists", null)
                    : new Settings(disabledBecause(realm), ApiTokenPolicy.of(realm).deleteEndedAfterDays());
        });
        if (settings.disabledBecause() != null) {
            return HousekeepingReport.disabled(settings.disabledBecause());
        }
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        Instant before = now.minus(Duration.ofDays(settings.days()));
        int deleted = 0;
        int failed = 0;
        String afterId = null;
        List<String> batch;
        do {
            String after = afterId;
            batch = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                return realm == null ? List.<String>of() : session.getProvider(ApiTokenProvider.class)
                        .searchEndedBefore(realm, before, after, batchSize).stream().map(ApiTokenModel::getId).toList();
            });
            if (batch.isEmpty()) {
                break;
            }
            List<String> ids = batch;
            try {
                deleted += KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        session -> ids.stream().mapToInt(id -> delete(session, realmId, id, before, now, author)).sum());
            } catch (RuntimeException e) {
                LOG.debugf("housekeeping batch failed realm_id=%s, retrying its tokens one by one: %s", realmId, e.getMessage());
                for (String id : ids) {
                    try {
                        deleted += KeycloakModelUtils.runJobInTransactionWithResult(factory,
                                session -> delete(session, realmId, id, before, now, author));
                    } catch (RuntimeException single) {
                        failed++;
                        LOG.warnf("housekeeping could not delete api token realm_id=%s token=%s: %s", realmId, id, single.getMessage());
                    }
                }
            }
            afterId = batch.get(batch.size() - 1);
        } while (batch.size() == batchSize);
        LOG.debugf("housekeeping realm_id=%s ended_before=%s deleted=%d failed=%d", realmId, before, deleted, failed);
        return new HousekeepingReport(null, before, deleted, failed);
    }

    /** Deletes the token if it is still due; 1 when it did. */
    private static int delete(KeycloakSession session, String realmId, String tokenId, Instant before, Instant now, AuthDetails author) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return 0;
        }
        session.getContext().setRealm(realm);
        ApiTokenProvider tokens = session.getProvider(ApiTokenProvider.class);
        ApiTokenModel token = tokens.getById(realm, tokenId);
        if (token == null || !endedBefore(token, before)) {
            return 0; // deleted, regenerated or changed meanwhile
        }
        ApiTokenRepresentation gone = ApiTokenConverter.toRepresentation(session, realm, token, now);
        tokens.delete(realm, token);
        TaskEvents.deleted(session, realm, author, gone);
        LOG.debugf("housekeeping deleted api token realm=%s token=%s owner=%s", realm.getName(), token.getId(), token.getOwnerId());
        return 1;
    }

    static boolean endedBefore(ApiTokenModel token, Instant before) {
        return token.getRevokedAt() != null && token.getRevokedAt().isBefore(before)
                || token.getExpiresAt() != null && token.getExpiresAt().isBefore(before);
    }
}
