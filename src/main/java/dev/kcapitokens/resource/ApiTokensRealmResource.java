package dev.kcapitokens.resource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.kcapitokens.model.ApiTokenConflictException;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.TokenEdit;

/**
 * {@code /realms/{realm}/api-tokens}: the self-service token API. Everything below {@code api/v1} needs a bearer JWT
 * of this realm; the locator authenticates before it hands on.
 */
public class ApiTokensRealmResource {

    static final String OPENAPI = "/META-INF/api-tokens/openapi.json";

    private final KeycloakSession session;

    public ApiTokensRealmResource(KeycloakSession session) {
        this.session = session;
    }

    /** The OpenAPI 3 document of the whole API, the one checked in at {@code src/main/resources/META-INF/api-tokens}. */
    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openApi() {
        try (InputStream document = ApiTokensRealmResource.class.getResourceAsStream(OPENAPI)) {
            if (document == null) {
                throw new IllegalStateException(OPENAPI + " is missing from the JAR");
            }
            return Response.ok(document.readAllBytes()).type(MediaType.APPLICATION_JSON_TYPE).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The self-service page; it signs in on its own, so the locator asks for no bearer token. */
    @Path("ui")
    public PageResource ui() {
        return new PageResource(session);
    }

    @Path("api/v1")
    public ApiV1Resource v1() {
        ApiContext context = ApiContext.selfService(session, session.getContext().getRealm());
        return new ApiV1Resource(context, CallerAuthenticator.authenticate(context));
    }

    /**
     * Revocation by the holder, with RFC 7009 semantics: the form parameter {@code token} carries the secret, which is
     * proof enough; no other credential is needed. Answers 200 whether or not the token was known, so the endpoint
     * tells nothing about secrets.
     */
    @POST
    @Path("revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeByHolder() {
        RealmModel realm = session.getContext().getRealm();
        ApiContext context = ApiContext.selfService(session, realm);
        MultivaluedMap<String, String> form = session.getContext().getHttpRequest().getDecodedFormParameters();
        String secret = form.getFirst("token");
        if (secret == null || secret.isBlank()) {
            throw context.invalid("token", "is required");
        }
        ApiTokenProvider tokens = context.tokens();
        ApiTokenModel token = tokens.getBySecret(realm, secret);
        if (token != null && token.getRevokedAt() == null) {
            UserModel apiTokenUser = session.users().getUserById(realm, token.getUserId());
            UserModel actor = apiTokenUser != null ? apiTokenUser : session.users().getUserById(realm, token.getOwnerId());
            ClientModel client = realm.getClientById(token.getClientUuid());
            ApiTokenModel revoked;
            try {
                revoked = tokens.revoke(realm, token, TokenEdit.by(actor), true);
            } catch (ApiTokenConflictException e) {
                // changed at this very moment, typically revoked by another request: answer as RFC 7009 does for a token that is gone
                session.getTransactionManager().setRollbackOnly();
                return Response.ok().type(MediaType.APPLICATION_JSON_TYPE).build();
            }
            new EventBuilder(realm, session, session.getContext().getConnection())
                    .event(EventType.REVOKE_GRANT).client(client).user(apiTokenUser)
                    .detail(ApiTokenNames.API_TOKEN_ID, token.getId()).detail("revoked_by", "holder")
                    .success();
            TokenAudit.of(session, realm, null, actor, client).record(OperationType.ACTION, context.show(revoked), "revoke");
        }
        return Response.ok().type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
