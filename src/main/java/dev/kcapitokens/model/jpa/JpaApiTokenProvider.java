package dev.kcapitokens.model.jpa;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.kcapitokens.metrics.ApiTokenMetrics;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.model.CreatedApiToken;
import dev.kcapitokens.model.ExpiryNotice;
import dev.kcapitokens.model.NewApiToken;
import dev.kcapitokens.model.ScopeGrant;
import dev.kcapitokens.model.TokenEdit;
import dev.kcapitokens.model.TokenSecrets;
import dev.kcapitokens.model.TokenUpdate;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;
import dev.kcapitokens.model.jpa.entity.ApiTokenScopeEntity;

/**
 * Tokens in the session's EntityManager and transaction; the token's client and API Token User are kept in step
 * through Keycloak's models ({@link TokenClientProvisioner}). Every change goes through {@link TokenChanges}.
 */
public class JpaApiTokenProvider implements ApiTokenProvider {

    private static final Logger LOG = Logger.getLogger(JpaApiTokenProvider.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager em;
    private final JpaApiTokenProviderFactory factory;
    private final TokenClientProvisioner clients;
    private final TokenLookup lookup;
    private final TokenSearch search;
    private final TokenTaskQueries tasks;
    private final OwnerQuota quota;
    private final TokenChanges changes;

    JpaApiTokenProvider(KeycloakSession session, JpaApiTokenProviderFactory factory) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.factory = factory;
        this.clients = new TokenClientProvisioner(session);
        this.lookup = new TokenLookup(session, em, factory);
        this.search = new TokenSearch(em);
        this.tasks = new TokenTaskQueries(em);
        this.quota = new OwnerQuota(session, em);
        this.changes = new TokenChanges(em, clients, lookup, factory);
    }

    @Override
    public CreatedApiToken create(RealmModel realm, NewApiToken spec, UserModel owner, UserModel actor) {
        String id = KeycloakModelUtils.generateId();
        String secret = TokenSecrets.generate(RANDOM);
        long now = Time.currentTimeMillis();

        TokenClientProvisioner.TokenClient tokenClient = clients.create(realm, id, spec.name(), spec.description(),
                ScopeGrant.clientScopes(realm, spec.scopes()));
        clients.stamp(tokenClient.client(), 0);

        ApiTokenEntity entity = changes.insert(realm, id, spec, owner, actor, tokenClient, lookup.hash(realm, secret),
                TokenSecrets.hint(secret), now);

        ApiTokenMetrics.changed(realm.getName(), ApiTokenMetrics.Operation.CREATE);
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

    /** The hot path of every exchange: no database read while the token is cached and unchanged. */
    @Override
    public ApiTokenModel getByClient(RealmModel realm, ClientModel client) {
        ApiTokenEntity entity = lookup.byClient(realm, client);
        return entity == null ? null : adapt(entity);
    }

    @Override
    public ClientModel getClientByClientId(RealmModel realm, String clientId) {
        return lookup.client(realm, clientId);
    }

    @Override
    public ApiTokenModel getBySecret(RealmModel realm, String secret) {
        ApiTokenEntity entity = lookup.bySecret(realm, secret);
        return entity == null ? null : adapt(entity);
    }

    @Override
    public boolean verifySecret(RealmModel realm, ApiTokenModel token, String secret) {
        return lookup.verify(realm, ((ApiTokenAdapter) token).entity(), secret);
    }

    @Override
    public Stream<ApiTokenModel> search(RealmModel realm, ApiTokenQuery query, int first, int max) {
        return search.page(realm, query, first, max).map(this::adapt);
    }

    @Override
    public long count(RealmModel realm, ApiTokenQuery query) {
        return search.count(realm, query);
    }

    @Override
    public long countForCreation(RealmModel realm, String ownerId) {
        return quota.lockAndCount(realm, ownerId);
    }

    @Override
    public ApiTokenModel revoke(RealmModel realm, ApiTokenModel token, TokenEdit edit, boolean byOwner) {
        if (token.getRevokedAt() != null && (byOwner || token.isRevokedByAdministrator())) {
            edit.requireVersion(token.getVersion());
            return token; // nothing changes: revoked already, and no revocation to make final
        }
        ClientModel client = realm.getClientById(token.getClientUuid());
        AtomicBoolean revoking = new AtomicBoolean();
        return change(realm, token, edit, ApiTokenMetrics.Operation.REVOKE, entity -> {
            entity.setRevokedBy(byOwner ? entity.getOwnerId() : edit.actor().getId());
            revoking.set(entity.getRevokedAt() == null);
            if (revoking.get()) {
                entity.setRevokedAt(Time.currentTimeMillis());
                entity.setPreviousSecretHash(null);
                entity.setPreviousSecretUntil(null);
                entity.setGeneration(entity.getGeneration() + 1);
                entity.setRevocationDisabledClient(client != null && client.isEnabled());
            }
        }, tokenClient -> {
            if (revoking.get()) {
                tokenClient.setEnabled(false);
            }
        });
    }

    @Override
    public ApiTokenModel update(RealmModel realm, ApiTokenModel token, TokenEdit edit, TokenUpdate update) {
        String name = update.name() != null ? update.name() : token.getName();
        String description = update.clearDescription() ? null : update.description() != null ? update.description() : token.getDescription();
        boolean renamed = !name.equals(token.getName()) || !Objects.equals(description, token.getDescription());
        return change(realm, token, edit, null, entity -> {
            entity.setName(name);
            entity.setDescription(description);
            if (update.allowedIps() != null) {
                String allowedIps = ApiTokenAdapter.joinIps(update.allowedIps());
                if (!Objects.equals(allowedIps, entity.getAllowedIps())) {
                    entity.setAllowedIps(allowedIps);
                    entity.setGeneration(entity.getGeneration() + 1);
                }
            }
        }, client -> {
            if (renamed) {
                clients.rename(client, name, description);
            }
        });
    }

    @Override
    public CreatedApiToken regenerate(RealmModel realm, ApiTokenModel token, TokenEdit edit, Instant expiresAt, Instant graceUntil) {
        String secret = TokenSecrets.generate(RANDOM);
        // only what our revocation disabled is enabled again; a client an administrator disabled stays disabled
        AtomicBoolean enableClient = new AtomicBoolean();
        ApiTokenModel regenerated = change(realm, token, edit, ApiTokenMetrics.Operation.REGENERATE, entity -> {
            enableClient.set(entity.getRevokedAt() != null && entity.isRevocationDisabledClient());
            if (graceUntil != null) {
                entity.setPreviousSecretHash(entity.getSecretHash());
                entity.setPreviousSecretUntil(graceUntil.toEpochMilli());
            } else {
                entity.setPreviousSecretHash(null);
                entity.setPreviousSecretUntil(null);
                entity.setGeneration(entity.getGeneration() + 1);
            }
            entity.setSecretHash(lookup.hash(realm, secret));
            entity.setSecretHint(TokenSecrets.hint(secret));
            entity.setExpiresAt(millis(expiresAt));
            entity.setRevokedAt(null);
            entity.setRevokedBy(null);
            entity.setRevocationDisabledClient(false);
        }, client -> {
            if (enableClient.get()) {
                client.setEnabled(true);
            }
        });
        // a new secret with a new validity: its expiry notices start over
        em.createNamedQuery("apiTokenForgetExpiryNotice").setParameter("id", token.getId()).executeUpdate();
        return new CreatedApiToken(regenerated, secret);
    }

    @Override
    public ApiTokenModel setScopes(RealmModel realm, ApiTokenModel token, TokenEdit edit, List<ScopeGrant> scopes) {
        return change(realm, token, edit, null, entity -> {
            Map<String, ScopeGrant> wanted = new HashMap<>();
            scopes.forEach(grant -> wanted.put(grant.scopeId(), grant));
            boolean narrowed = false;
            for (var it = entity.getScopes().iterator(); it.hasNext(); ) {
                ApiTokenScopeEntity existing = it.next();
                ScopeGrant target = wanted.remove(existing.getScopeId());
                String resources = target == null ? null : ApiTokenAdapter.writeResources(target.resources());
                if (target == null) {
                    it.remove();
                    narrowed = true;
                } else if (!Objects.equals(resources, existing.getResources())) {
                    narrowed |= target.restricted();
                    existing.setResources(resources);
                }
            }
            wanted.values().forEach(grant -> addScope(entity, grant));
            if (narrowed) {
                entity.setGeneration(entity.getGeneration() + 1);
            }
        }, client -> clients.setScopes(client, ScopeGrant.clientScopes(realm, scopes)));
    }

    @Override
    public void delete(RealmModel realm, ApiTokenModel token) {
        removeRows(token.getId());
        clients.withClient(realm, token.getClientUuid(), client -> clients.remove(realm, client));
        ApiTokenMetrics.changed(realm.getName(), ApiTokenMetrics.Operation.DELETE);
        LOG.debugf("deleted api token realm=%s token=%s", realm.getName(), token.getId());
    }

    @Override
    public void recordUse(RealmModel realm, ApiTokenModel token, String address) {
        factory.usage().record(token.getId(), Time.currentTimeMillis(), address);
    }

    @Override
    public List<ApiTokenModel> searchExpiring(RealmModel realm, Instant from, Instant to, int daysBefore, String afterId, int max) {
        return tasks.expiring(realm, from, to, daysBefore, afterId, max).stream().map(this::adapt).toList();
    }

    @Override
    public boolean replaceExpiryNotice(RealmModel realm, ApiTokenModel token, ExpiryNotice expected, ExpiryNotice next) {
        if (token.getExpiresAt() == null) {
            return false; // a token that never expires gets no notices
        }
        if (next != null && !next.expiresAt().equals(token.getExpiresAt())) {
            throw new IllegalArgumentException("a notice is about the token's current expiry");
        }
        return tasks.replaceExpiryNotice(realm, token.getId(), token.getExpiresAt(), expected, next);
    }

    @Override
    public List<ApiTokenModel> searchEndedBefore(RealmModel realm, Instant before, String afterId, int max) {
        return tasks.endedBefore(realm, before, afterId, max).stream().map(this::adapt).toList();
    }

    /** Removes a token's rows only: for a token whose client Keycloak is removing anyway. */
    void removeRows(String tokenId) {
        changes.removeRows(tokenId);
    }

    /**
     * Takes a client scope off a token because an administrator deleted the scope (Keycloak has dropped it from the
     * token's client already): the token's generation rises, so JWTs issued with the scope are no longer accepted.
     */
    void dropDeletedScope(RealmModel realm, String tokenId, String scopeId) {
        ApiTokenModel token = getById(realm, tokenId);
        if (token != null) {
            change(realm, token, TokenEdit.BY_KEYCLOAK, null, entity -> {
                if (entity.getScopes().removeIf(held -> scopeId.equals(held.getScopeId()))) {
                    entity.setGeneration(entity.getGeneration() + 1);
                }
            }, client -> {
            });
        }
    }

    private ApiTokenModel change(RealmModel realm, ApiTokenModel token, TokenEdit edit, ApiTokenMetrics.Operation counted,
                                 Consumer<ApiTokenEntity> tokenChange, Consumer<ClientModel> clientChange) {
        return adapt(changes.change(realm, token.getId(), edit, counted, tokenChange, clientChange));
    }

    static void addScope(ApiTokenEntity entity, ScopeGrant grant) {
        ApiTokenScopeEntity scope = new ApiTokenScopeEntity();
        scope.setToken(entity);
        scope.setScopeId(grant.scopeId());
        scope.setResources(ApiTokenAdapter.writeResources(grant.resources()));
        entity.getScopes().add(scope);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private ApiTokenModel adapt(ApiTokenEntity entity) {
        return new ApiTokenAdapter(entity, factory.usage().pending(entity.getId()));
    }

    @Override
    public void close() {
    }
}
