package dev.kcapitokens.task;

import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * The tasks that keep a realm's tokens in order, which a timer runs for every realm (one node at a time) and an
 * administrator can run for one realm now. A run works in bounded batches, each in a transaction of its own.
 */
public interface ApiTokenTasksProvider extends Provider {

    /**
     * Mails the owners of tokens that expire soon or expired today, as the realm policy says, each notice once per token
     * and expiry.
     *
     * @throws TaskBusyException when the task is running for the realm already, here or on another node
     */
    ExpiryNoticeReport sendExpiryNotices(RealmModel realm);

    /**
     * Deletes the tokens that expired or were revoked longer ago than the realm policy keeps them, each with an admin
     * event by {@code author}.
     *
     * @throws TaskBusyException when the task is running for the realm already, here or on another node
     */
    HousekeepingReport deleteEndedTokens(RealmModel realm, AuthDetails author);
}
