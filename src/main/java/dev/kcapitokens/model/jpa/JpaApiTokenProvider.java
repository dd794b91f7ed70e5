package dev.kcapitokens.model.jpa;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.kcapitokens.model.ApiTokenConflictException;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.model.CreatedApiToken;
import dev.kcapitokens.model.NewApiToken;
import dev.kcapitokens.model.TokenClients;
import dev.kcapitokens.model.TokenScope;
import dev.kcapitokens.model.TokenSecrets;
import dev.kcapitokens.model.TokenUpdate;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;
import dev.kcapitokens.model.jpa.entity.ApiTokenScopeEntity;

/** Tokens in the session's EntityManager and transaction; the token's client and user go through Keycloak's models. */
public class JpaApiTokenProvider implements ApiTokenProvider {

    private static final Logger LOG = Logger.getLogger(JpaApiTokenProvider.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final EntityManager em;
    private final JpaApiTokenProviderFactory factory;

    JpaApiTokenProvider(KeycloakSession session, JpaApiTokenProviderFactory factory) {
        this.session = session;
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.factory = factory;
    }

    @Override
    public CreatedApiToken create(RealmModel realm, NewApiToken spec, UserModel owner, UserModel actor) {
        String id = KeycloakModelUtils.generateId();
        String secret = TokenSecrets.generate(RANDOM);
        long now = Time.currentTimeMillis();

        TokenClients.TokenClient tokenClient = TokenClients.create(session, realm, id, spec.name(), spec.description());
        TokenClients.setScopes(tokenClient.client(), TokenClients.clientScopes(realm, spec.scopes()));
        TokenClients.stamp(tokenClient.client(), 0);

        ApiTokenEntity entity = new ApiTokenEntity();
        entity.setId(id);
        entity.setRealmId(realm.getId());
        entity.setName(spec.name());
        entity.setDescription(spec.description());
        entity.setOwnerId(owner.getId());
        entity.setUserId(tokenClient.user().getId());
        entity.setClientUuid(tokenClient.client().getId());
        entity.setClientId(tokenClient.client().getClientId());
        entity.setSecretHash(hash(realm, secret));
        entity.setSecretHint(TokenSecrets.hint(secret));
        entity.setCreatedAt(now);
        entity.setCreatedBy(actor.getId());
        entity.setUpdatedAt(now);
        entity.setUpdatedBy(actor.getId());
        entity.setExpiresAt(spec.expiresAt() == null ? null : spec.expiresAt().toEpochMilli());
        entity.setAllowedIps(ApiTokenAdapter.joinIps(spec.allowedIps()));
        for (TokenScope scope : spec.scopes()) {
            ApiTokenScopeEntity scopeEntity = new ApiTokenScopeEntity();
            scopeEntity.setToken(entity);
            scopeEntity.setScopeId(scope.scopeId());
            scopeEntity.setResources(ApiTokenAdapter.writeResources(scope.resources()));
            entity.getScopes().add(scopeEntity);
        }
        em.persist(entity);

        LOG.debugf("created api token realm=%s token=%s client=%s owner=%s", realm.getName(), id, entity.getClientId(), owner.getId());
        return new CreatedApiToken(adapt(entity), secret);
    }

    @Override
    public ApiTokenModel getById(RealmModel realm, String id) {
        if (id == null || id.length() > 36) {
            return null;
        }
        ApiTokenEntity entity = em.find(ApiTokenEntity.class, id);
        return entity == null || !entity.getRealmId().equals(realm.getId()) ? null : adapt(entity);
    }

    /**
     * The hot path of every exchange. A copy of the token is kept between requests and used while the version stamped
     * on the client (which Keycloak's client cache serves, and invalidates on every node when we change it) still
     * matches; otherwise the token is read from the database.
     */
    @Override
    public ApiTokenModel getByClient(RealmModel realm, ClientModel client) {
        ApiTokenEntity cached = factory.tokenCache().get(client.getId());
        String stamp = client.getAttribute(TokenClients.VERSION_ATTRIBUTE);
        if (cached != null && cached.getRealmId().equals(realm.getId()) && Integer.toString(cached.getVersion()).equals(stamp)) {
            return new ApiTokenAdapter(cached, factory.usage().pending(cached.getId()));
        }
        ApiTokenEntity entity = em.createNamedQuery("apiTokenByClient", ApiTokenEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("clientUuid", client.getId())
                .getResultStream()
                .findFirst()
                .orElse(null);
        if (entity == null) {
            factory.tokenCache().remove(client.getId());
            return null;
        }
        factory.tokenCache().put(client.getId(), entity.detachedCopy());
        return adapt(entity);
    }

    @Override
    public ApiTokenModel getBySecret(RealmModel realm, String secret) {
        if (!TokenSecrets.isWellFormed(secret)) {
            return null;
        }
        String hash = hash(realm, secret);
        return em.createNamedQuery("apiTokenBySecretHash", ApiTokenEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("hash", hash)
                .getResultStream()
                .filter(entity -> matches(entity, hash))
                .findFirst()
                .map(this::adapt)
                .orElse(null);
    }

    @Override
    public boolean verifySecret(RealmModel realm, ApiTokenModel token, String secret) {
        if (!TokenSecrets.isWellFormed(secret)) {
            return false;
        }
        return matches(((ApiTokenAdapter) token).entity(), hash(realm, secret));
    }

    @Override
    public Stream<ApiTokenModel> search(RealmModel realm, ApiTokenQuery query, int first, int max) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<String> ids = cb.createQuery(String.class);
        Root<ApiTokenEntity> root = ids.from(ApiTokenEntity.class);
        ids.select(root.get("id"))
                .where(filters(cb, root, realm, query))
                .orderBy(cb.desc(root.get("createdAt")), cb.desc(root.get("id")));
        List<String> page = em.createQuery(ids).setFirstResult(first).setMaxResults(max).getResultList();
        if (page.isEmpty()) {
            return Stream.empty();
        }
        // second query fetches the page with its scopes in one round trip instead of one per token
        Map<String, ApiTokenEntity> byId = new HashMap<>();
        em.createQuery("select distinct t from ApiTokenEntity t left join fetch t.scopes where t.id in :ids", ApiTokenEntity.class)
                .setParameter("ids", page)
                .getResultList()
                .forEach(entity -> byId.put(entity.getId(), entity));
        return page.stream().map(byId::get).filter(Objects::nonNull).map(this::adapt);
    }

    @Override
    public long count(RealmModel realm, ApiTokenQuery query) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> count = cb.createQuery(Long.class);
        Root<ApiTokenEntity> root = count.from(ApiTokenEntity.class);
        count.select(cb.count(root)).where(filters(cb, root, realm, query));
        return em.createQuery(count).getSingleResult();
    }

    @Override
    public ApiTokenModel revoke(RealmModel realm, ApiTokenModel token, UserModel actor, boolean byOwner) {
        boolean revoking = token.getRevokedAt() == null;
        if (!revoking && (byOwner || token.isRevokedByAdministrator())) {
            return token;
        }
        ApiTokenEntity entity = managed(token);
        long now = Time.currentTimeMillis();
        entity.setRevokedBy(byOwner ? entity.getOwnerId() : actor.getId());
        if (revoking) {
            entity.setRevokedAt(now);
            entity.setPreviousSecretHash(null);
            entity.setPreviousSecretUntil(null);
            entity.setGeneration(entity.getGeneration() + 1);
            ClientModel client = realm.getClientById(entity.getClientUuid());
            if (client != null) {
                client.setEnabled(false);
            }
        }
        touch(entity, actor, now);
        flushOrConflict();
        stamp(realm, entity);
        LOG.debugf("revoked api token realm=%s token=%s actor=%s", realm.getName(), entity.getId(), actor.getId());
        return adapt(entity);
    }

    @Override
    public ApiTokenModel update(RealmModel realm, ApiTokenModel token, int expectedVersion, TokenUpdate update, UserModel actor) {
        ApiTokenEntity entity = managed(token);
        if (entity.getVersion() != expectedVersion) {
            throw new ApiTokenConflictException("The token is at version " + entity.getVersion() + ", not " + expectedVersion);
        }
        String name = update.name() != null ? update.name() : entity.getName();
        String description = update.clearDescription() ? null : update.description() != null ? update.description() : entity.getDescription();
        if (!name.equals(entity.getName()) || !Objects.equals(description, entity.getDescription())) {
            entity.setName(name);
            entity.setDescription(description);
            ClientModel client = realm.getClientById(entity.getClientUuid());
            if (client != null) {
                TokenClients.rename(session, client, name, description);
            }
        }
        if (update.allowedIps() != null) {
            String allowedIps = ApiTokenAdapter.joinIps(update.allowedIps());
            if (!Objects.equals(allowedIps, entity.getAllowedIps())) {
                entity.setAllowedIps(allowedIps);
                entity.setGeneration(entity.getGeneration() + 1);
            }
        }
        touch(entity, actor, Time.currentTimeMillis());
        flushOrConflict();
        stamp(realm, entity);
        LOG.debugf("updated api token realm=%s token=%s actor=%s version=%d", realm.getName(), entity.getId(), actor.getId(), entity.getVersion());
        return adapt(entity);
    }

    @Override
    public CreatedApiToken regenerate(RealmModel realm, ApiTokenModel token, Instant expiresAt, Instant graceUntil, UserModel actor) {
        ApiTokenEntity entity = managed(token);
        String secret = TokenSecrets.generate(RANDOM);
        if (graceUntil != null) {
            entity.setPreviousSecretHash(entity.getSecretHash());
            entity.setPreviousSecretUntil(graceUntil.toEpochMilli());
        } else {
            entity.setPreviousSecretHash(null);
            entity.setPreviousSecretUntil(null);
            entity.setGeneration(entity.getGeneration() + 1);
        }
        entity.setSecretHash(hash(realm, secret));
        entity.setSecretHint(TokenSecrets.hint(secret));
        entity.setExpiresAt(expiresAt == null ? null : expiresAt.toEpochMilli());
        if (entity.getRevokedAt() != null) {
            // only what our revocation disabled is enabled again; a client an administrator disabled stays disabled
            entity.setRevokedAt(null);
            entity.setRevokedBy(null);
            ClientModel client = realm.getClientById(entity.getClientUuid());
            if (client != null) {
                client.setEnabled(true);
            }
        }
        touch(entity, actor, Time.currentTimeMillis());
        flushOrConflict();
        stamp(realm, entity);
        LOG.debugf("regenerated api token realm=%s token=%s actor=%s grace=%s", realm.getName(), entity.getId(), actor.getId(), graceUntil != null);
        return new CreatedApiToken(adapt(entity), secret);
    }

    @Override
    public ApiTokenModel setScopes(RealmModel realm, ApiTokenModel token, List<TokenScope> scopes, UserModel actor) {
        ApiTokenEntity entity = managed(token);
        Map<String, TokenScope> wanted = new HashMap<>();
        scopes.forEach(scope -> wanted.put(scope.scopeId(), scope));
        boolean narrowed = false;
        for (var it = entity.getScopes().iterator(); it.hasNext(); ) {
            ApiTokenScopeEntity existing = it.next();
            TokenScope target = wanted.remove(existing.getScopeId());
            String resources = target == null ? null : ApiTokenAdapter.writeResources(target.resources());
            if (target == null) {
                it.remove();
                narrowed = true;
            } else if (!Objects.equals(resources, existing.getResources())) {
                narrowed |= !target.resources().isEmpty();
                existing.setResources(resources);
            }
        }
        for (TokenScope added : wanted.values()) {
            ApiTokenScopeEntity scopeEntity = new ApiTokenScopeEntity();
            scopeEntity.setToken(entity);
            scopeEntity.setScopeId(added.scopeId());
            scopeEntity.setResources(ApiTokenAdapter.writeResources(added.resources()));
            entity.getScopes().add(scopeEntity);
        }
        if (narrowed) {
            entity.setGeneration(entity.getGeneration() + 1);
        }
        ClientModel client = realm.getClientById(entity.getClientUuid());
        if (client != null) {
            TokenClients.setScopes(client, TokenClients.clientScopes(realm, scopes));
        }
        touch(entity, actor, Time.currentTimeMillis());
        flushOrConflict();
        stamp(realm, entity);
        LOG.debugf("changed scopes of api token realm=%s token=%s actor=%s count=%d", realm.getName(), entity.getId(), actor.getId(), scopes.size());
        return adapt(entity);
    }

    @Override
    public void delete(RealmModel realm, ApiTokenModel token) {
        removeRows(token.getId());
        ClientModel client = realm.getClientById(token.getClientUuid());
        if (client != null) {
            TokenClients.remove(session, realm, client);
        }
        LOG.debugf("deleted api token realm=%s token=%s", realm.getName(), token.getId());
    }

    @Override
    public void recordUse(RealmModel realm, ApiTokenModel token, String address) {
        factory.usage().record(token.getId(), Time.currentTimeMillis(), address);
    }

    /** Removes the rows of a token whose client Keycloak is removing (by an administrator, or with its realm). */
    void forgetClient(String clientUuid) {
        em.createNamedQuery("apiTokenIdsByClient", String.class)
                .setParameter("clientUuid", clientUuid)
                .getResultList()
                .forEach(this::removeRows);
    }

    void forgetRealm(String realmId) {
        em.createNamedQuery("apiTokenIdsByRealm", String.class)
                .setParameter("realmId", realmId)
                .getResultList()
                .forEach(this::removeRows);
    }

    /** Deletes every token the removed user owned, with their clients and API Token Users. */
    void forgetOwner(RealmModel realm, UserModel owner) {
        em.createQuery("select t from ApiTokenEntity t where t.realmId = :realmId and t.ownerId = :ownerId", ApiTokenEntity.class)
                .setParameter("realmId", realm.getId())
                .setParameter("ownerId", owner.getId())
                .getResultList()
                .forEach(entity -> delete(realm, adapt(entity)));
    }

    private void removeRows(String tokenId) {
        ApiTokenEntity entity = em.find(ApiTokenEntity.class, tokenId);
        if (entity != null) {
            factory.tokenCache().remove(entity.getClientUuid());
            em.remove(entity);
            flushOrConflict();
        }
        factory.usage().forget(tokenId);
    }

    private Predicate filters(CriteriaBuilder cb, Root<ApiTokenEntity> root, RealmModel realm, ApiTokenQuery query) {
        List<Predicate> predicates = new ArrayList<>();
        predicates.add(cb.equal(root.get("realmId"), realm.getId()));
        if (query.ownerId() != null) {
            predicates.add(cb.equal(root.get("ownerId"), query.ownerId()));
        }
        if (query.search() != null && !query.search().isBlank()) {
            String pattern = "%" + query.search().toLowerCase(Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            predicates.add(cb.like(cb.lower(root.get("name")), pattern, '\\'));
        }
        if (query.status() != null) {
            long now = Time.currentTimeMillis();
            Predicate notRevoked = cb.isNull(root.get("revokedAt"));
            predicates.add(switch (query.status()) {
                case REVOKED -> cb.isNotNull(root.get("revokedAt"));
                case EXPIRED -> cb.and(notRevoked, cb.lessThanOrEqualTo(root.get("expiresAt"), now));
                case ACTIVE -> cb.and(notRevoked, cb.or(cb.isNull(root.get("expiresAt")), cb.greaterThan(root.get("expiresAt"), now)));
            });
        }
        return cb.and(predicates.toArray(Predicate[]::new));
    }

    private boolean matches(ApiTokenEntity entity, String hash) {
        if (TokenSecrets.hashEquals(entity.getSecretHash(), hash)) {
            return true;
        }
        Long graceUntil = entity.getPreviousSecretUntil();
        return graceUntil != null && graceUntil > Time.currentTimeMillis()
                && TokenSecrets.hashEquals(entity.getPreviousSecretHash(), hash);
    }

    private String hash(RealmModel realm, String secret) {
        return TokenSecrets.hash(factory.serverKey(session), realm.getId(), secret);
    }

    /** The token's entity in this request's persistence context, also when the model came from the token cache. */
    private ApiTokenEntity managed(ApiTokenModel token) {
        ApiTokenEntity entity = em.find(ApiTokenEntity.class, token.getId());
        if (entity == null) {
            throw new ApiTokenConflictException("The token was deleted meanwhile");
        }
        return entity;
    }

    /** Stamps the token's new version on its client, which tells every node that its cached copy is stale. */
    private void stamp(RealmModel realm, ApiTokenEntity entity) {
        ClientModel client = realm.getClientById(entity.getClientUuid());
        if (client != null) {
            TokenClients.stamp(client, entity.getVersion());
        }
        factory.tokenCache().remove(entity.getClientUuid());
    }

    /**
     * Writes now, so that a concurrent change surfaces as a conflict rather than at commit. Keycloak's entity manager
     * wraps the {@link OptimisticLockException} in a model exception, hence the look along the causes.
     */
    private void flushOrConflict() {
        try {
            em.flush();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof OptimisticLockException) {
                    throw new ApiTokenConflictException("The token was changed concurrently");
                }
            }
            throw e;
        }
    }

    private void touch(ApiTokenEntity entity, UserModel actor, long now) {
        entity.setUpdatedAt(now);
        entity.setUpdatedBy(actor.getId());
    }

    private ApiTokenModel adapt(ApiTokenEntity entity) {
        return new ApiTokenAdapter(entity, factory.usage().pending(entity.getId()));
    }

    @Override
    public void close() {
    }
}
