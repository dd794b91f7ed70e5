package dev.kcapitokens.authenticator;

import java.time.Instant;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ApiTokenProvider;

/**
 * A secret presented by the token's holder, wherever it is presented: as the client secret at the token endpoint, or
 * as the bearer of a token API call. The same steps everywhere: the failure throttle, the checks of
 * {@link TokenUseCheck} (the allowlist included, since the caller is the holder), then the throttle's bookkeeping and,
 * for a use that is allowed, the last use.
 */
public final class TokenHolderCheck {

    private TokenHolderCheck() {
    }

    /**
     * @param token   the token the secret or the client names, {@code null} when none
     * @param tokenId the id to throttle under: the token's, or the one a token client names, {@code null} when the
     *                secret names no token (not throttled: there is nothing to guess at)
     * @param address the holder's address, from Keycloak's connection
     * @return why the use is denied, or {@code null} when it is allowed (and recorded as the token's last use)
     */
    public static TokenUseCheck.Denial use(KeycloakSession session, RealmModel realm, ApiTokenProvider tokens,
                                           ApiTokenModel token, String tokenId, String secret, String address) {
        long now = Time.currentTimeMillis();
        if (tokenId == null) {
            // nothing to guess at: a secret that names no token is not throttled (and costs no mark)
            return TokenUseCheck.check(session, realm, tokens, token, secret, address, Instant.ofEpochMilli(now));
        }
        FailureThrottle throttle = ApiTokenClientAuthenticator.throttle(session);
        FailureStore marks = new SingleUseObjectFailureStore(session);
        if (throttle.blocked(marks, tokenId, address, now)) {
            return TokenUseCheck.Denial.THROTTLED;
        }
        TokenUseCheck.Denial denial = TokenUseCheck.check(session, realm, tokens, token, secret, address, Instant.ofEpochMilli(now));
        if (denial != null) {
            throttle.failure(marks, tokenId, address);
            return denial;
        }
        throttle.success(marks, tokenId, address, now);
        tokens.recordUse(realm, token, address);
        return null;
    }
}
