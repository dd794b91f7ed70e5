package dev.kcapitokens.task;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.keycloak.Config;
import org.keycloak.models.RealmModel;

/**
 * The one place that knows where a token's page is: the token's detail view of the self-service page,
 * {@code <base>/realms/<realm>/api-tokens/ui/#/tokens/<id>}.
 *
 * <p>A scheduled task has no request to take the server's address from, so the base is what Keycloak itself uses for
 * the realm's front-end URLs, without a request: the realm's Frontend URL, else the server's {@code --hostname}
 * (a full URL, or a plain host name served over https). With neither, the mail has no link.
 */
final class TokenPageLink {

    static final String PAGE_PATH = "/api-tokens/ui/";
    static final String TOKEN_VIEW = "#/tokens/";

    private TokenPageLink() {
    }

    /** The link to the token's page, or {@code null} when the server's public address is unknown. */
    static String of(RealmModel realm, String tokenId) {
        String base = base(realm.getAttribute("frontendUrl"), Config.scope("hostname", "v2").get("hostname"));
        return base == null ? null : format(base, realm.getName(), tokenId);
    }

    static String format(String base, String realmName, String tokenId) {
        return base + "/realms/" + URLEncoder.encode(realmName, StandardCharsets.UTF_8).replace("+", "%20") + PAGE_PATH
                + TOKEN_VIEW + URLEncoder.encode(tokenId, StandardCharsets.UTF_8);
    }

    /** The server's public base URL without a trailing slash, from the realm's Frontend URL or the hostname option. */
    static String base(String realmFrontendUrl, String hostname) {
        String base = realmFrontendUrl != null && !realmFrontendUrl.isBlank() ? realmFrontendUrl.strip()
                : hostname == null || hostname.isBlank() ? null
                : hostname.startsWith("http://") || hostname.startsWith("https://") ? hostname.strip()
                : "https://" + hostname.strip();
        while (base != null && base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base;
    }
}
