package dev.kcapitokens.authenticator;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.OAuth2Constants;
import org.keycloak.http.HttpRequest;
import org.keycloak.util.BasicAuthHelper;

import dev.kcapitokens.model.TokenSecrets;

/**
 * The client_id and client_secret of a token request, from HTTP Basic (RFC 6749 section 2.3.1, form-urlencoded parts)
 * or from the form body; a form value wins, as in Keycloak's own client-secret authenticator. An empty client_id (HTTP
 * Basic with an empty user name, or {@code client_id=}) counts as none.
 *
 * @param clientId {@code null} when the request names no client: then the secret alone is an API token's secret
 */
record ClientCredentials(String clientId, String secret) {

    /** Only our secret can stand alone; any other request without a client_id is left to Keycloak. */
    boolean secretAlone() {
        return clientId == null;
    }

    static ClientCredentials from(HttpRequest request) {
        String clientId = null;
        String secret = null;
        String authorization = request.getHttpHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            try {
                String[] basic = BasicAuthHelper.RFC6749.parseHeader(authorization);
                if (basic != null) {
                    clientId = basic[0];
                    secret = basic[1];
                }
            } catch (IllegalArgumentException malformedEncoding) {
                return null;
            }
        }
        MediaType mediaType = request.getHttpHeaders().getMediaType();
        if (mediaType != null && mediaType.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            MultivaluedMap<String, String> form = request.getDecodedFormParameters();
            if (form.containsKey(OAuth2Constants.CLIENT_ID)) {
                clientId = form.getFirst(OAuth2Constants.CLIENT_ID);
            }
            if (form.containsKey(OAuth2Constants.CLIENT_SECRET)) {
                secret = form.getFirst(OAuth2Constants.CLIENT_SECRET);
            }
        }
        if (clientId != null && !clientId.isEmpty()) {
            return new ClientCredentials(clientId, secret);
        }
        return TokenSecrets.hasPrefix(secret) ? new ClientCredentials(null, secret) : null;
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + "]";
    }
}
