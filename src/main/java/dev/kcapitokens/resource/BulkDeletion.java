package dev.kcapitokens.resource;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.common.ClientConnection;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.kcapitokens.model.ApiTokenConflictException;
import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.ApiTokenQuery;
import dev.kcapitokens.representation.ApiTokenConverter;

/**
 * Deletes every token a query finds in bounded batches, each in a transaction of its own, so that deleting thousands
 * of tokens (each with its client and API Token User) never holds one giant transaction and its locks open. A batch
 * that meets a concurrent change rolls back alone and is tried again; what earlier batches deleted stays deleted.
 */
final class BulkDeletion {

    static final int BATCH = 100;
    private static final int RETRIES = 3;
    private static final Logger LOG = Logger.getLogger(BulkDeletion.class);

    private BulkDeletion() {
    }

    /** @return how many tokens went */
    static long deleteAll(ApiContext context, Caller caller, ApiTokenQuery query) {
        KeycloakSession request = context.session();
        ClientConnection connection = request.getContext().getConnection();
        long rounds = context.tokens().count(context.realm(), query) / BATCH + 1 + RETRIES;
        long deleted = 0;
        int conflicts = 0;
        for (long round = 0; round < rounds; round++) {
            int batch;
            try {
                // the request's context (realm, client) is cloned into the batch's session
                batch = KeycloakModelUtils.runJobInTransactionWithResult(request.getKeycloakSessionFactory(), request.getContext(), session -> {
                    session.getContext().setConnection(connection);
                    return deleteBatch(session, session.getContext().getRealm(), caller, query);
                }, "api token bulk deletion");
            } catch (ApiTokenConflictException e) {
                if (++conflicts > RETRIES) {
                    throw context.conflictAfter(deleted, e);
                }
                continue;
            }
            if (batch == 0) {
                return deleted;
            }
            deleted += batch;
            LOG.debugf("deleted a batch of api tokens realm=%s count=%d total=%d", context.realm().getName(), batch, deleted);
        }
        return deleted;
    }

    private static int deleteBatch(KeycloakSession session, RealmModel realm, Caller caller, ApiTokenQuery query) {
        ApiTokenProvider tokens = session.getProvider(ApiTokenProvider.class);
        List<ApiTokenModel> page = tokens.search(realm, query, 0, BATCH).toList();
        // the caller's models come from the request; only their ids are read, so a token deleting itself is still named
        TokenAudit audit = TokenAudit.of(session, realm, caller.jwt(), caller.user(), caller.client());
        for (ApiTokenModel token : page) {
            var gone = ApiTokenConverter.toRepresentation(session, realm, token, ApiContext.KEYCLOAK_CLOCK.instant());
            tokens.delete(realm, token);
            audit.record(OperationType.DELETE, gone, "delete all");
        }
        return page.size();
    }
}
