package dev.kcapitokens.authenticator;

import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * Puts the api token authenticator back when an administrator binds another client authentication flow to a realm
 * (the realm's settings, {@code clientAuthenticationFlow}) or edits the bound flow, since the admin REST API cannot add
 * it. A global event listener, so it hears every realm's admin events whatever the realm's listener settings; it acts
 * in the transaction of the change, so a flow without the authenticator never commits through the admin API. The
 * tokens of a realm whose bound flow still lacks it (changed some other way) fail closed: Keycloak answers
 * {@code invalid_client}, and the next start-up or admin change of the realm puts the authenticator in.
 */
public class ClientsFlowWatcher implements EventListenerProvider, EventListenerProviderFactory {

    public static final String ID = "api-token-clients-flow";

    private static final Logger LOG = Logger.getLogger(ClientsFlowWatcher.class);
    private static final Set<ResourceType> FLOW_CHANGES = Set.of(
            ResourceType.REALM, ResourceType.AUTH_FLOW, ResourceType.AUTH_EXECUTION, ResourceType.AUTH_EXECUTION_FLOW);

    private KeycloakSession session;

    @Override
    public void onEvent(Event event) {
        // login events say nothing about flows
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (session == null || !FLOW_CHANGES.contains(event.getResourceType()) || event.getRealmId() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm != null && ClientsFlowInstaller.ensure(realm, Logger.Level.WARN)) {
            LOG.debugf("api token authenticator put back after an admin change realm=%s resource=%s operation=%s",
                    realm.getName(), event.getResourceType(), event.getOperationType());
        }
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        ClientsFlowWatcher watcher = new ClientsFlowWatcher();
        watcher.session = session;
        return watcher;
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
