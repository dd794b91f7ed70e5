package dev.kcapitokens.authenticator;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.ClientAuthenticationFlowContext;
import org.keycloak.authentication.ClientAuthenticator;
import org.keycloak.authentication.ClientAuthenticatorFactory;
import org.keycloak.authentication.authenticators.client.ClientAuthUtil;
import org.keycloak.events.Details;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

import dev.kcapitokens.metrics.ApiTokenMetrics;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenNames;

/**
 * The client authenticator of every token client: the API token is the client secret. On every use it checks the
 * secret's keyed hash (constant time), revocation, expiry, the owner, and the caller's address against the allowlist.
 * Every denial answers the same {@code invalid_client} 401 and records its true reason in the event. Clients that are
 * not token clients are left to Keycloak's other authenticators.
 */
public class ApiTokenClientAuthenticator implements ClientAuthenticator, ClientAuthenticatorFactory {

    /** Session attribute holding the token authenticated in this request, for the claims mapper. */
    static final String AUTHENTICATED_TOKEN = ApiTokenClientAuthenticator.class.getName() + ".token";

    private static final Logger LOG = Logger.getLogger(ApiTokenClientAuthenticator.class);
    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
            AuthenticationExecutionModel.Requirement.ALTERNATIVE, AuthenticationExecutionModel.Requirement.DISABLED};

    private FailureThrottle throttle;

    @Override
    public void authenticateClient(ClientAuthenticationFlowContext context) {
        ClientCredentials credentials = ClientCredentials.from(context.getHttpRequest());
        if (credentials == null) {
            return;
        }
        RealmModel realm = context.getRealm();
        KeycloakSession session = context.getSession();
        ApiTokenProvider tokens = session.getProvider(ApiTokenProvider.class);
        ApiTokenModel token = null;
        ClientModel client;
        if (credentials.secretAlone()) {
            // one string to store: the secret names its token, and the token its client
            token = tokens.getBySecret(realm, credentials.secret());
            client = token == null ? null : realm.getClientById(token.getClientUuid());
            if (!isOurs(client)) {
                denyUnknown(context);
                return;
            }
        } else {
            client = tokens.getClientByClientId(realm, credentials.clientId());
            if (!isOurs(client)) {
                return; // not ours: Keycloak's own authenticators decide
            }
            token = tokens.getByClient(realm, client);
        }
        context.setClient(client);
        String tokenId = ApiTokenNames.tokenIdOf(client);
        context.getEvent().client(client).detail(ApiTokenNames.API_TOKEN_ID, tokenId)
                .detail(ApiTokenNames.USE_DETAIL, credentials.secretAlone() ? "exchange_by_secret" : "exchange");
        String address = context.getConnection().getRemoteAddr();
        TokenUseCheck.Denial denial = TokenHolderCheck.use(session, realm, tokens, token, tokenId, credentials.secret(), address);
        if (denial != null) {
            LOG.debugf("denied api token realm=%s token=%s client=%s address=%s reason=%s",
                    realm.getName(), tokenId, client.getClientId(), address, denial.value());
            deny(context, denial);
            return;
        }
        session.setAttribute(AUTHENTICATED_TOKEN, token);
        ApiTokenMetrics.success(realm.getName(), ApiTokenMetrics.Kind.EXCHANGE);
        context.success();
    }

    private static boolean isOurs(ClientModel client) {
        return ApiTokenNames.isTokenClient(client) && ApiTokenNames.AUTHENTICATOR_ID.equals(client.getClientAuthenticatorType());
    }

    /**
     * A secret alone that names no token of ours. Without a client Keycloak ignores an authenticator's verdict and ends
     * the flow as for any unknown client: the same {@code invalid_client} 401 as every other denial. Here only the
     * reason is recorded; such an attempt guesses at no token, so the throttle has nothing to count it against.
     */
    private static void denyUnknown(ClientAuthenticationFlowContext context) {
        TokenUseCheck.Denial denial = TokenUseCheck.Denial.UNKNOWN_TOKEN;
        LOG.debugf("denied api token secret alone realm=%s address=%s reason=%s", context.getRealm().getName(),
                context.getConnection().getRemoteAddr(), denial.value());
        ApiTokenMetrics.denied(context.getRealm().getName(), ApiTokenMetrics.Kind.EXCHANGE, denial.value());
        context.getEvent().detail(ApiTokenNames.USE_DETAIL, "exchange_by_secret").detail(Details.REASON, denial.value());
    }

    /** The node's failure throttle, shared by every place a holder presents a secret. */
    public static FailureThrottle throttle(KeycloakSession session) {
        ApiTokenClientAuthenticator factory = (ApiTokenClientAuthenticator) session.getKeycloakSessionFactory()
                .getProviderFactory(ClientAuthenticator.class, ApiTokenNames.AUTHENTICATOR_ID);
        return factory.throttle;
    }

    /** The same answer as Keycloak gives for an unknown client, so a caller cannot tell the reasons apart. */
    private static void deny(ClientAuthenticationFlowContext context, TokenUseCheck.Denial denial) {
        ApiTokenMetrics.denied(context.getRealm().getName(), ApiTokenMetrics.Kind.EXCHANGE, denial.value());
        context.getEvent().detail(Details.REASON, denial.value());
        Response challenge = ClientAuthUtil.errorResponse(Response.Status.UNAUTHORIZED.getStatusCode(),
                "invalid_client", "Invalid client or Invalid client credentials");
        context.failure(AuthenticationFlowError.INVALID_CLIENT_CREDENTIALS, challenge);
    }

    @Override
    public ClientAuthenticator create() {
        return this;
    }

    @Override
    public ClientAuthenticator create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
        throttle = new FailureThrottle(
                config.getInt("max-failures-per-address", 10),
                config.getInt("max-failures-per-token", 100),
                config.getLong("failure-window-seconds", 60L),
                config.getLong("known-address-seconds", 3600L));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        ClientsFlowInstaller.register(factory);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ApiTokenNames.AUTHENTICATOR_ID;
    }

    @Override
    public String getDisplayType() {
        return "API token";
    }

    @Override
    public String getHelpText() {
        return "Authenticates the clients of API tokens: checks the token secret, revocation, expiry and IP allowlist. "
                + "Other clients are left to the other authenticators.";
    }

    @Override
    public String getReferenceCategory() {
        return null;
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public List<ProviderConfigProperty> getConfigPropertiesPerClient() {
        return List.of();
    }

    @Override
    public java.util.Map<String, Object> getAdapterConfiguration(ClientModel client) {
        return java.util.Map.of();
    }

    /** None: advertising client_secret_basic here would let dynamic registration pick this authenticator for others. */
    @Override
    public Set<String> getProtocolAuthenticatorMethods(String loginProtocol) {
        return Set.of();
    }
}
