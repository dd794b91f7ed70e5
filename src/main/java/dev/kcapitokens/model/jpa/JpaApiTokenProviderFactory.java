package dev.kcapitokens.model.jpa;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.timer.TimerProvider;

import dev.kcapitokens.metrics.ApiTokenMetrics;
import dev.kcapitokens.metrics.TokenCounts;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenProviderFactory;
import dev.kcapitokens.model.jpa.entity.ApiTokenServerKeyEntity;

/**
 * Creates {@link JpaApiTokenProvider}s and owns what outlives a request: the server's HMAC key, the token cache, the
 * buffer of last uses and its flush timer; {@link TokenCleanup} listens for removals.
 */
public class JpaApiTokenProviderFactory implements ApiTokenProviderFactory {

    public static final String ID = "jpa";

    private static final Logger LOG = Logger.getLogger(JpaApiTokenProviderFactory.class);
    private static final String KEY_ID = "hmac-sha256-v1";
    private static final String FLUSH_TASK = "api-token-last-used";
    private static final String COUNT_TASK = "api-token-counts";

    private UsageBuffer usage;
    private TokenCache tokenCache;
    private volatile byte[] serverKey;
    private long flushIntervalMillis;
    private long countIntervalMillis;
    private KeycloakSessionFactory sessionFactory;

    @Override
    public ApiTokenProvider create(KeycloakSession session) {
        return new JpaApiTokenProvider(session, this);
    }

    @Override
    public void init(Config.Scope config) {
        flushIntervalMillis = config.getLong("last-used-flush-interval-ms", 5_000L);
        usage = new UsageBuffer(config.getLong("last-used-resolution-ms", 600_000L));
        tokenCache = new TokenCache(config.getInt("token-cache-max-entries", 100_000));
        countIntervalMillis = config.getLong("metrics-count-interval-ms", 60_000L);
        if (config.root().getBoolean("metrics-enabled", false)) {
            ApiTokenMetrics.enable();
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        this.sessionFactory = factory;
        factory.register(this::onEvent);
    }

    private void onEvent(ProviderEvent event) {
        if (event instanceof PostMigrationEvent migrated) {
            ensureServerKey(migrated.getFactory());
            KeycloakModelUtils.runJobInTransaction(migrated.getFactory(), session -> {
                TimerProvider timer = session.getProvider(TimerProvider.class);
                timer.scheduleTask(this::flushDueUsage, flushIntervalMillis, FLUSH_TASK);
                if (ApiTokenMetrics.enabled()) {
                    timer.scheduleTask(TokenCounts::refresh, countIntervalMillis, COUNT_TASK);
                }
            });
        } else {
            TokenCleanup.onEvent(event);
        }
    }

    UsageBuffer usage() {
        return usage;
    }

    TokenCache tokenCache() {
        return tokenCache;
    }

    /** The HMAC key, read once. It is created at start-up only, never inside a request that might roll back. */
    byte[] serverKey(KeycloakSession session) {
        byte[] key = serverKey;
        if (key == null) {
            ApiTokenServerKeyEntity entity = session.getProvider(JpaConnectionProvider.class).getEntityManager()
                    .find(ApiTokenServerKeyEntity.class, KEY_ID);
            if (entity == null) {
                throw new IllegalStateException("The api token key is missing; it is created when Keycloak starts");
            }
            key = Base64.getDecoder().decode(entity.getSecret());
            serverKey = key;
        }
        return key;
    }

    /** Creates the key on the first start; when two nodes race, the loser's insert fails and it reads the winner's. */
    private void ensureServerKey(KeycloakSessionFactory factory) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, this::createKeyIfMissing);
        } catch (RuntimeException e) {
            LOG.debugf("api token key was created concurrently: %s", e.getMessage());
        }
        KeycloakModelUtils.runJobInTransaction(factory, this::serverKey);
    }

    private void createKeyIfMissing(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        ApiTokenServerKeyEntity entity = em.find(ApiTokenServerKeyEntity.class, KEY_ID);
        if (entity == null) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            entity = new ApiTokenServerKeyEntity();
            entity.setId(KEY_ID);
            entity.setSecret(Base64.getEncoder().encodeToString(key));
            entity.setCreatedAt(Time.currentTimeMillis());
            em.persist(entity);
            em.flush();
            LOG.infof("created api token hmac key id=%s", KEY_ID);
        }
    }

    private void flushDueUsage(KeycloakSession session) {
        flushUsage(session, usage.due(Time.currentTimeMillis()));
    }

    /**
     * Writes buffered last uses, one bulk update per token, in the caller's transaction; they leave the buffer only
     * once it has committed, so a failed flush is retried by the next one.
     */
    private void flushUsage(KeycloakSession session, Map<String, UsageBuffer.Usage> due) {
        if (due.isEmpty()) {
            return;
        }
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        due.forEach((tokenId, use) -> em.createNamedQuery("apiTokenRecordUse")
                .setParameter("id", tokenId)
                .setParameter("lastUsedAt", use.at())
                .setParameter("lastUsedIp", use.address())
                .executeUpdate());
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                usage.written(due, Time.currentTimeMillis());
                LOG.debugf("flushed last use of %d api tokens", due.size());
            }

            @Override
            protected void rollbackImpl() {
                LOG.warnf("writing the last use of %d api tokens failed; the next flush retries", due.size());
            }
        });
    }

    @Override
    public void close() {
        if (sessionFactory != null) {
            try {
                KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> flushUsage(session, usage.all()));
            } catch (RuntimeException e) {
                LOG.warnf("could not write last use of api tokens on shutdown: %s", e.getMessage());
            }
        }
    }

    /**
     * Keycloak closes a factory before those it depends on: this one goes before the JPA connection, so that
     * {@link #close} can still write the buffered last uses (without it the EntityManagerFactory is already closed).
     */
    @Override
    public Set<Class<? extends Provider>> dependsOn() {
        return Set.of(JpaConnectionProvider.class);
    }

    @Override
    public String getId() {
        return ID;
    }
}
