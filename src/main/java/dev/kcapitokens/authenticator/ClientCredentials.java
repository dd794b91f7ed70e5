package dev.kcapitokens.authenticator;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.OAuth2Constants;
import org.keycloak.http.HttpRequest;
import org.keycloak.util.BasicAuthHelper;

/**
 * The client_id and client_secret of a token request, from HTTP Basic (RFC 6749 section 2.3.1, form-urlencoded parts)
 * or from the form body; a form value wins, as in Keycloak's own client-secret authenticator.
 */
record ClientCredentials(String clientId, String secret) {

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
        return clientId == null ? null : new ClientCredentials(clientId, secret);
    }

    @Override
    public String toString() {
        return "ClientCredentials[clientId=" + clientId + "]";
    }
}
