package dev.kcapitokens.authenticator;

import java.time.Instant;
import java.util.Locale;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;
import dev.kcapitokens.model.IpAllowlist;
import dev.kcapitokens.model.TokenStatus;

/** The checks made whenever a token is used, at the token endpoint and at introspection. */
final class TokenUseCheck {

    /** Reasons recorded in events for the administrator; the caller never sees them. */
    enum Denial {
        UNKNOWN_TOKEN, WRONG_SECRET, REVOKED, EXPIRED, OWNER_DISABLED, IP_NOT_ALLOWED, THROTTLED;

        String value() {
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
    static Denial check(KeycloakSession session, RealmModel realm, ApiTokenProvider tokens, ApiTokenModel token,
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
        UserModel owner = session.users().getUserById(realm, token.getOwnerId());
        if (owner == null || !owner.isEnabled()) {
            return Denial.OWNER_DISABLED;
        }
        if (address != null && !IpAllowlist.allows(token.getAllowedIps(), address)) {
            return Denial.IP_NOT_ALLOWED;
        }
        return null;
    }
}
