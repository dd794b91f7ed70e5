package dev.kcapitokens.task;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

import dev.kcapitokens.representation.ApiTokenRepresentation;

/**
 * Admin events of the tasks, stored and passed to listeners as Keycloak's {@code AdminEventBuilder} does. A scheduled
 * run has no administrator behind it: its events name the realm only as the author; a run started through the admin
 * API names that administrator.
 */
final class TaskEvents {

    /** The resource type of every token change (as {@code resource/TokenAudit}'s). */
    static final String RESOURCE_TYPE = "API_TOKEN";

    private static final Logger LOG = Logger.getLogger(TaskEvents.class);

    private TaskEvents() {
    }

    /** The author of a scheduled run's events: the realm itself, no user, client or address. */
    static AuthDetails system(RealmModel realm) {
        AuthDetails author = new AuthDetails();
        author.setRealmId(realm.getId());
        author.setRealmName(realm.getName());
        return author;
    }

    static void deleted(KeycloakSession session, RealmModel realm, AuthDetails author, ApiTokenRepresentation token) {
        if (token.token() != null) {
            throw new IllegalArgumentException("an admin event must not carry a token secret");
        }
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(Time.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        event.setAuthDetails(copy(author));
        event.setOperationType(OperationType.DELETE);
        event.setResourceTypeAsString(RESOURCE_TYPE);
        event.setResourcePath("api-tokens/" + token.id());
        event.setDetails(Map.of("task", "housekeeping"));
        try {
            event.setRepresentation(JsonSerialization.writeValueAsString(token));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        boolean withRepresentation = realm.isAdminEventsDetailsEnabled();
        if (realm.isAdminEventsEnabled()) {
            EventStoreProvider store = session.getProvider(EventStoreProvider.class);
            if (store != null) {
                store.onEvent(event, withRepresentation);
            }
        }
        Set<String> listeners = new HashSet<>(realm.getEventsListenersStream().toList());
        session.getKeycloakSessionFactory().getProviderFactoriesStream(EventListenerProvider.class)
                .filter(factory -> listeners.contains(factory.getId()) || ((EventListenerProviderFactory) factory).isGlobal())
                .forEach(factory -> {
                    try {
                        session.getProvider(EventListenerProvider.class, factory.getId()).onEvent(new AdminEvent(event), withRepresentation);
                    } catch (RuntimeException e) {
                        LOG.warnf("event listener %s failed on a housekeeping event: %s", factory.getId(), e.getMessage());
                    }
                });
    }

    private static AuthDetails copy(AuthDetails author) {
        AuthDetails copy = new AuthDetails();
        copy.setRealmId(author.getRealmId());
        copy.setRealmName(author.getRealmName());
        copy.setClientId(author.getClientId());
        copy.setUserId(author.getUserId());
        copy.setIpAddress(author.getIpAddress());
        return copy;
    }
}
