package dev.kcapitokens.model.jpa;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ExpiryNotice;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;

/**
 * The queries of the scheduled tasks: batches of tokens expiring soon, of tokens that ended long ago, and the record of
 * expiry notices. Batches are keyed by id (after the last id of the previous batch), so a token that a batch leaves
 * as it was never makes the next batch find it again.
 */
final class TokenTaskQueries {

    private final EntityManager em;

    TokenTaskQueries(EntityManager em) {
        this.em = em;
    }

    List<ApiTokenEntity> expiring(RealmModel realm, Instant from, Instant to, int daysBefore, String afterId, int max) {
        TypedQuery<String> ids = em.createQuery("select t.id from ApiTokenEntity t where t.realmId = :realmId"
                        + " and t.revokedAt is null and t.expiresAt > :from and t.expiresAt <= :to"
                        + " and (t.noticeExpiresAt is null or t.noticeDaysBefore is null or t.noticeExpiresAt <> t.expiresAt"
                        + " or t.noticeDaysBefore > :daysBefore)"
                        + (afterId == null ? "" : " and t.id > :afterId") + " order by t.id", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("from", from.toEpochMilli())
                .setParameter("to", to.toEpochMilli())
                .setParameter("daysBefore", daysBefore);
        return fetch(after(ids, afterId).setMaxResults(max).getResultList());
    }

    List<ApiTokenEntity> endedBefore(RealmModel realm, Instant before, String afterId, int max) {
        TypedQuery<String> ids = em.createQuery("select t.id from ApiTokenEntity t where t.realmId = :realmId"
                        + " and (t.revokedAt < :before or t.expiresAt < :before)"
                        + (afterId == null ? "" : " and t.id > :afterId") + " order by t.id", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("before", before.toEpochMilli());
        return fetch(after(ids, afterId).setMaxResults(max).getResultList());
    }

    /** A compare-and-set in one statement: the database decides, and the row stays locked until the commit. */
    boolean replaceExpiryNotice(RealmModel realm, String tokenId, Instant tokenExpiresAt, ExpiryNotice expected, ExpiryNotice next) {
        String set = next == null ? "t.noticeExpiresAt = null, t.noticeDaysBefore = null"
                : "t.noticeExpiresAt = :nextExpiresAt, t.noticeDaysBefore = :nextDaysBefore";
        String current = expected == null ? "t.noticeExpiresAt is null and t.noticeDaysBefore is null"
                : "t.noticeExpiresAt = :expectedExpiresAt and t.noticeDaysBefore = :expectedDaysBefore";
        var update = em.createQuery("update ApiTokenEntity t set " + set + " where t.id = :id and t.realmId = :realmId"
                        + " and t.revokedAt is null and t.expiresAt = :expiresAt and " + current)
                .setParameter("id", tokenId)
                .setParameter("realmId", realm.getId())
                .setParameter("expiresAt", tokenExpiresAt.toEpochMilli());
        if (next != null) {
            update.setParameter("nextExpiresAt", next.expiresAt().toEpochMilli()).setParameter("nextDaysBefore", next.daysBefore());
        }
        if (expected != null) {
            update.setParameter("expectedExpiresAt", expected.expiresAt().toEpochMilli())
                    .setParameter("expectedDaysBefore", expected.daysBefore());
        }
        return update.executeUpdate() == 1;
    }

    private static TypedQuery<String> after(TypedQuery<String> query, String afterId) {
        return afterId == null ? query : query.setParameter("afterId", afterId);
    }

    /** The batch with its scopes in one round trip, in the order of {@code ids}. */
    private List<ApiTokenEntity> fetch(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, ApiTokenEntity> byId = new HashMap<>();
        em.createQuery("select distinct t from ApiTokenEntity t left join fetch t.scopes where t.id in :ids", ApiTokenEntity.class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(entity -> byId.put(entity.getId(), entity));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }
}
