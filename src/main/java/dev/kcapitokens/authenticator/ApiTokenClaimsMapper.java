package dev.kcapitokens.authenticator;

import java.util.List;
import java.util.Map;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.AuthorizationDetails;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenNames;

/**
 * Claims of a JWT exchanged for an API token: {@code sub} is the API Token User, {@code api_token_id} and
 * {@code api_token_gen} name the token and its generation, {@code exp} never outlives the token, and scopes restricted
 * to particular resources appear as RFC 9396 {@code authorization_details}.
 * Added to every token client when the token is created.
 */
public class ApiTokenClaimsMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenMapper, TokenIntrospectionTokenMapper {

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        ClientModel client = clientSessionCtx.getClientSession().getClient();
        String tokenId = ApiTokenNames.tokenIdOf(client);
        if (tokenId == null) {
            return;
        }
        ApiTokenModel apiToken = authenticatedToken(session, client, tokenId);
        if (apiToken == null) {
            return;
        }
        if (token.getSubject() == null) {
            token.subject(userSession.getUser().getId());
        }
        token.getOtherClaims().put(ApiTokenNames.API_TOKEN_ID, apiToken.getId());
        token.getOtherClaims().put(ApiTokenNames.CLAIM_GENERATION, apiToken.getGeneration());
        List<Map<String, Object>> details = AuthorizationDetails.of(client.getRealm(), apiToken);
        if (!details.isEmpty()) {
            token.getOtherClaims().put(AuthorizationDetails.CLAIM, details);
        }
        if (apiToken.getExpiresAt() != null && token instanceof AccessToken) {
            long tokenExpiry = apiToken.getExpiresAt().getEpochSecond();
            if (token.getExp() == null || token.getExp() > tokenExpiry) {
                token.exp(tokenExpiry);
            }
        }
    }

    /** The token the authenticator verified in this request, or else (introspection) the client's token. */
    private static ApiTokenModel authenticatedToken(KeycloakSession session, ClientModel client, String tokenId) {
        Object verified = session.getAttribute(ApiTokenClientAuthenticator.AUTHENTICATED_TOKEN);
        if (verified instanceof ApiTokenModel model && model.getId().equals(tokenId)) {
            return model;
        }
        return session.getProvider(ApiTokenProvider.class).getByClient(client.getRealm(), client);
    }

    @Override
    public String getId() {
        return ApiTokenNames.MAPPER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "API token claims";
    }

    @Override
    public String getHelpText() {
        return "Adds the API token id and generation, the API Token User as subject, and caps exp at the token's expiry.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }
}
