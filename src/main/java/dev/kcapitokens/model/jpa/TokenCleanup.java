package dev.kcapitokens.model.jpa;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderEvent;

import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.jpa.entity.ApiTokenEntity;

/**
 * Keeps the token table in step when Keycloak removes something a token depends on: a token's client (an
 * administrator deleted it, or its realm went), a realm, or a token's owner. Runs in the transaction of the removal.
 */
final class TokenCleanup {

    private TokenCleanup() {
    }

    static void onEvent(ProviderEvent event) {
        if (event instanceof ClientModel.ClientRemovedEvent removed && ApiTokenNames.isTokenClient(removed.getClient())) {
            forgetClient(removed.getKeycloakSession(), removed.getClient().getId());
        } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
            forgetRealm(removed.getKeycloakSession(), removed.getRealm().getId());
        } else if (event instanceof UserModel.UserRemovedEvent removed) {
            forgetOwner(removed.getKeycloakSession(), removed.getRealm(), removed.getUser());
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
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    private static JpaApiTokenProvider provider(KeycloakSession session) {
        return (JpaApiTokenProvider) session.getProvider(ApiTokenProvider.class, JpaApiTokenProviderFactory.ID);
    }
}
