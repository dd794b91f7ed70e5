package dev.kcapitokens.ui;


import org.jboss.logging.Logger;
import org.keycloak.common.util.Encode;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

import dev.kcapitokens.model.EveryRealm;

/**
 * The public OpenID Connect client the token page signs in with: authorization code with PKCE (S256) only, redirecting
 * to the page and nowhere else. The extension adds it to every realm at start-up and to every realm created later, as
 * it does its authenticator; an existing client is left as the administrator keeps it. Because it is always displayed
 * in the account console, a person finds the page under "Applications" there.
 */
public final class PageClient {

    public static final String CLIENT_ID = "api-tokens-ui";

    private static final Logger LOG = Logger.getLogger(PageClient.class);

    private PageClient() {
    }

    public static void register(KeycloakSessionFactory factory) {
        EveryRealm.keep(factory, "api tokens page client", PageClient::ensure);
    }

    /** The page's path below Keycloak's base URL. */
    public static String pagePath(RealmModel realm) {
        return "/realms/" + Encode.encodePathAsIs(realm.getName()) + "/api-tokens/ui/";
    }

    /** @return whether the client had to be created */
    static boolean ensure(RealmModel realm) {
        if (realm.getClientByClientId(CLIENT_ID) != null) {
            return false;
        }
        ClientModel client = realm.addClient(CLIENT_ID);
        client.setName("API tokens");
        client.setDescription("Create and manage your API tokens");
        client.setEnabled(true);
        client.setAlwaysDisplayInConsole(true);
        client.setPublicClient(true);
        client.setStandardFlowEnabled(true);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setConsentRequired(false);
        client.setFullScopeAllowed(true);
        client.setRootUrl(Constants.AUTH_BASE_URL_PROP);
        client.setBaseUrl(pagePath(realm));
        client.addRedirectUri(pagePath(realm));
        client.addWebOrigin("+");
        client.setAttribute(OIDCConfigAttributes.POST_LOGOUT_REDIRECT_URIS, "+");
        client.setAttribute(OIDCConfigAttributes.PKCE_CODE_CHALLENGE_METHOD, "S256");
        // setting the protocol makes Keycloak add the realm's default client scopes, as for any new client
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        LOG.infof("added the api tokens page client realm=%s client=%s", realm.getName(), CLIENT_ID);
        return true;
    }
}
