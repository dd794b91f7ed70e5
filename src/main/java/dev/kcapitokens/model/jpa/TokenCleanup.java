package dev.kcapitokens.model.jpa;

import java.util.List;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.ApiTokenProvider;

/**
 * Keeps the token table in step when Keycloak removes something a token depends on: a token's client (an
 * administrator deleted it, or its realm went), its API Token User, a realm, a token's owner, or a client scope a
 * token holds. A removed owner or realm also takes its per-owner lock rows ({@link OwnerQuota}) along. Runs in the transaction of the removal, so a removal that rolls back leaves the tokens as they were.
 * Cached copies: every path either removes the token's rows (a cached copy is then found by a client that is gone,
 * or read again and not found) or raises its version and stamps it on the client, which Keycloak's client cache
 * invalidates on every node.
 */
final class TokenCleanup {

    private static final Logger LOG = Logger.getLogger(TokenCleanup.class);

    private TokenCleanup() {
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientRemovedEvent removed && ApiTokenNames.isTokenClient(removed.getClient())) {
            forgetClient(removed.getKeycloakSession(), removed.getClient().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
        } else if (event instanceof UserModel.UserRemovedEvent removed) {
            forgetOwner(removed.getKeycloakSession(), removed.getRealm(), removed.getUser());
            forgetApiTokenUser(removed.getKeycloakSession(), removed.getRealm(), removed.getUser());
        } else if (event instanceof ClientScopeModel.ClientScopeRemovedEvent removed) {
            forgetScope(removed.getKeycloakSession(), removed.getClientScope());
        }
    }

    /** The client goes anyway; only the token's rows are left to remove. */
    private static void forgetClient(KeycloakSession session, String clientUuid) {
        em(session).createNamedQuery("apiTokenIdsByClient", String.class)
                .setParameter("clientUuid", clientUuid)
                .getResultList()
                .forEach(provider(session)::removeRows);
    }

    private static void forgetRealm(KeycloakSession session, String realmId) {
        em(session).createNamedQuery("apiTokenIdsByRealm", String.class)
                .setParameter("realmId", realmId)
                .getResultList()
                .forEach(provider(session)::removeRows);
        em(session).createQuery("delete from ApiTokenOwnerLockEntity l where l.realmId = :realmId")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }

    /** Deletes every token the removed user owned, with their clients and API Token Users. */
    private static void forgetOwner(KeycloakSession session, RealmModel realm, UserModel owner) {
        JpaApiTokenProvider tokens = provider(session);
        em(session).createNamedQuery("apiTokenIdsByOwner", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("ownerId", owner.getId())
                .getResultList()
                .forEach(id -> {
                    var token = tokens.getById(realm, id);
                    if (token != null) {
                        tokens.delete(realm, token);
                    }
                });
        em(session).createQuery("delete from ApiTokenOwnerLockEntity l where l.ownerId = :ownerId")
                .setParameter("ownerId", owner.getId())
                .executeUpdate();
    }

    /**
     * A token whose API Token User an administrator deleted cannot work again: Keycloak issues a client's JWTs to its
     * service account. So the token goes too, with its client. (When Keycloak removes the user because it removes the
     * token's client, or we do because the token is deleted, the rows are gone already and nothing is found.)
     */
    private static void forgetApiTokenUser(KeycloakSession session, RealmModel realm, UserModel user) {
        JpaApiTokenProvider tokens = provider(session);
        List<String> ids = em(session)
                .createQuery("select t.id from ApiTokenEntity t where t.realmId = :realmId and t.userId = :userId", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("userId", user.getId())
                .getResultList();
        for (String id : ids) {
            var token = tokens.getById(realm, id);
            if (token != null) {
                tokens.delete(realm, token);
                LOG.infof("deleted api token realm=%s token=%s: its API Token User was deleted", realm.getName(), id);
            }
        }
    }

    /**
     * Keycloak has dropped the scope from the tokens' clients; the tokens drop it too, and their generation rises, so
     * that JWTs issued with the scope are no longer accepted. The new version is stamped on each client.
     */
    private static void forgetScope(KeycloakSession session, ClientScopeModel scope) {
        RealmModel realm = scope.getRealm();
        List<String> holders = em(session).createQuery("select distinct t.id from ApiTokenEntity t join t.scopes s "
                        + "where t.realmId = :realmId and s.scopeId = :scopeId", String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("scopeId", scope.getId())
                .getResultList();
        holders.forEach(id -> provider(session).dropDeletedScope(realm, id, scope.getId()));
        if (!holders.isEmpty()) {
            LOG.infof("removed a deleted client scope from api tokens realm=%s scope=%s tokens=%d", realm.getName(),
                    scope.getName(), holders.size());
        }
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    private static JpaApiTokenProvider provider(KeycloakSession session) {
        return (JpaApiTokenProvider) session.getProvider(ApiTokenProvider.class, JpaApiTokenProviderFactory.ID);
    }
}
