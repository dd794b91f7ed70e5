package dev.kcapitokens.model.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;

import org.junit.jupiter.api.Test;

import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;

/** The cache's mechanics: admission on commit only, newer copies win, and a bound that drops one entry at a time. */
class TokenCacheTest {

    @Test
    void aCopyEntersOnlyWhenItsTransactionCommits() {
        TokenCache cache = new TokenCache(100);
        TokenCache.Admission tx = cache.admission();
        tx.begin();
        tx.offer(token("client-1", 3, "allowlist-a"), "hash-1");

        assertNull(cache.get("client-1"), "nothing is served before the commit");
        assertNull(cache.clientOf("hash-1"));
        tx.commit();

        assertEquals(3, cache.get("client-1").getVersion());
        assertEquals("client-1", cache.clientOf("hash-1"));
    }

    @Test
    void aRolledBackTransactionAdmitsNothing() {
        TokenCache cache = new TokenCache(100);
        committed(cache, token("client-1", 3, "old"), "hash-1");

        TokenCache.Admission rolledBack = cache.admission();
        rolledBack.begin();
        rolledBack.offer(token("client-1", 4, "never committed"), "hash-2");
        rolledBack.rollback();

        assertEquals("old", cache.get("client-1").getAllowedIps(), "the committed copy stays");
        assertEquals(3, cache.get("client-1").getVersion());
        assertNull(cache.clientOf("hash-2"), "the rolled-back read left no trace");
    }

    @Test
    void theClientIdPointsAtTheClientInItsRealmOnlyAfterTheCommit() {
        TokenCache cache = new TokenCache(100);
        ApiTokenEntity entity = token("client-1", 1, null);
        entity.setClientId("apitoken-ci-1");
        TokenCache.Admission tx = cache.admission();
        tx.begin();
        tx.offer(entity, null);
        assertNull(cache.clientOfClientId("realm", "apitoken-ci-1"), "nothing before the commit");
        tx.commit();

        assertEquals("client-1", cache.clientOfClientId("realm", "apitoken-ci-1"));
        assertNull(cache.clientOfClientId("other-realm", "apitoken-ci-1"), "a client_id is a realm's own");
    }

    @Test
    void theCopyIsASnapshotOfWhatWasRead() {
        TokenCache cache = new TokenCache(100);
        ApiTokenEntity managed = token("client-1", 1, "read");
        TokenCache.Admission tx = cache.admission();
        tx.begin();
        tx.offer(managed, null);
        managed.setAllowedIps("changed later in the transaction");
        tx.commit();

        assertEquals("read", cache.get("client-1").getAllowedIps());
    }

    @Test
    void aLateCommitOfAnOlderReadKeepsTheNewerCopy() {
        TokenCache cache = new TokenCache(100);
        TokenCache.Admission older = cache.admission();
        older.begin();
        older.offer(token("client-1", 1, "v1"), null);
        committed(cache, token("client-1", 2, "v2"), null);
        older.commit();

        assertEquals(2, cache.get("client-1").getVersion());
    }

    @Test
    void whenFullTheLeastRecentlyUsedEntryGoesAndNothingElse() {
        TokenCache cache = new TokenCache(3, 1);
        committed(cache, token("a", 1, null), null);
        committed(cache, token("b", 1, null), null);
        committed(cache, token("c", 1, null), null);
        assertNotNull(cache.get("a"));

        committed(cache, token("d", 1, null), null);

        assertEquals(3, cache.size(), "one entry went, not all");
        assertNull(cache.get("b"), "the least recently used");
        assertNotNull(cache.get("a"));
        assertNotNull(cache.get("c"));
        assertNotNull(cache.get("d"));
    }

    @Test
    void theBoundHoldsUnderManyDistinctTokens() {
        TokenCache cache = new TokenCache(1_000);
        for (int i = 0; i < 20_000; i++) {
            committed(cache, token("client-" + i, 1, null), "hash-" + i);
            assertTrue(cache.size() <= 1_000, "size " + cache.size() + " after " + i);
        }
        assertTrue(cache.size() > 900, "a full cache stays nearly full: " + cache.size());
        assertNotNull(cache.get("client-19999"), "the newest entries are there");
        assertEquals("client-19999", cache.clientOf("hash-19999"));
    }

    private static void committed(TokenCache cache, ApiTokenEntity entity, String hash) {
        TokenCache.Admission tx = cache.admission();
        tx.begin();
        tx.offer(entity, hash);
        tx.commit();
    }

    static ApiTokenEntity token(String clientUuid, int version, String allowedIps) {
        ApiTokenEntity entity = new ApiTokenEntity();
        entity.setId("token-" + clientUuid);
        entity.setRealmId("realm");
        entity.setClientUuid(clientUuid);
        entity.setAllowedIps(allowedIps);
        try {
            Field field = ApiTokenEntity.class.getDeclaredField("version");
            field.setAccessible(true);
            field.setInt(entity, version);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return entity;
    }
}
