package dev.kcapitokens.authenticator;

import java.time.Instant;
import java.util.Locale;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.IpAllowlist;
import dev.kcapitokens.model.TokenStatus;

/**
 * The checks made whenever a token is used: its secret (at the token endpoint, as a bearer of the token API, and at
 * introspection), or a JWT exchanged for it (at introspection and at the token API). {@link TokenHolderCheck} adds
 * the throttle and the bookkeeping of a use by the holder.
 */
public final class TokenUseCheck {

    /** Reasons recorded in events for the administrator; the caller never sees them. */
    public enum Denial {
        UNKNOWN_TOKEN, WRONG_SECRET, REVOKED, EXPIRED, OWNER_DISABLED,
        /** The token's client or API Token User was disabled or deleted in Keycloak's admin console. */
        CLIENT_DISABLED,
        IP_NOT_ALLOWED, THROTTLED;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private TokenUseCheck() {
    }

    /**
     * @param address the client's address, or {@code null} where the allowlist cannot apply (introspection, whose
     *                caller is the resource server, not the token holder)
     * @return why the use is denied, or {@code null} when it is allowed. A wrong secret is reported as such whatever
     * else is wrong, so the recorded reason never depends on facts the presenter could not prove.
     */
    public static Denial check(KeycloakSession session, RealmModel realm, ApiTokenProvider tokens, ApiTokenModel token,
                               String secret, String address, Instant now) {
        if (token == null) {
            return Denial.UNKNOWN_TOKEN;
        }
        if (secret == null || !tokens.verifySecret(realm, token, secret)) {
            return Denial.WRONG_SECRET;
        }
        TokenStatus status = token.getStatus(now);
        if (status == TokenStatus.REVOKED) {
            return Denial.REVOKED;
        }
        if (status == TokenStatus.EXPIRED) {
            return Denial.EXPIRED;
        }
        if (!ownerEnabled(session, realm, token)) {
            return Denial.OWNER_DISABLED;
        }
        if (!accountsEnabled(session, realm, token)) {
            return Denial.CLIENT_DISABLED;
        }
        if (address != null && !IpAllowlist.allows(token.getAllowedIps(), address)) {
            return Denial.IP_NOT_ALLOWED;
        }
        return null;
    }

    /**
     * Whether a JWT exchanged for the token is still good: the token is active, its owner enabled, and it has not been
     * revoked, regenerated or narrowed since the exchange (the JWT then carries an older generation).
     */
    public static boolean acceptsJwt(KeycloakSession session, RealmModel realm, ApiTokenModel token, AccessToken jwt, Instant now) {
        if (token == null || token.getStatus(now) != TokenStatus.ACTIVE) {
            return false;
        }
        Object generation = jwt.getOtherClaims().get(ApiTokenNames.CLAIM_GENERATION);
        if (!(generation instanceof Number number) || number.intValue() != token.getGeneration()) {
            return false;
        }
        return ownerEnabled(session, realm, token);
    }

    /** The token's client and API Token User (Keycloak's client and user caches serve both). */
    private static boolean accountsEnabled(KeycloakSession session, RealmModel realm, ApiTokenModel token) {
        ClientModel client = realm.getClientById(token.getClientUuid());
        if (client == null || !client.isEnabled()) {
            return false;
        }
        UserModel user = session.users().getUserById(realm, token.getUserId());
        return user != null && user.isEnabled();
    }

    private static boolean ownerEnabled(KeycloakSession session, RealmModel realm, ApiTokenModel token) {
        UserModel owner = session.users().getUserById(realm, token.getOwnerId());
        return owner != null && owner.isEnabled();
    }
}
