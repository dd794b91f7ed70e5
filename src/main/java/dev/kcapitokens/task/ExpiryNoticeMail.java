package dev.kcapitokens.task;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import dev.kcapitokens.model.ApiTokenModel;
import dev.kcapitokens.model.ScopeGrant;

/**
 * An expiry notice, sent as Keycloak sends its own e-mails: {@link EmailTemplateProvider} with the FreeMarker template
 * {@value #TEMPLATE} ({@code html/} and {@code text/}) and the subjects {@value #EXPIRING_SUBJECT} and
 * {@value #EXPIRED_SUBJECT}, all looked up in the realm's e-mail theme. The JAR adds them to every theme, and any theme
 * in the realm's chain that has its own copy overrides them.
 */
final class ExpiryNoticeMail {

    static final String TEMPLATE = "api-token-expiry.ftl";
    static final String EXPIRING_SUBJECT = "apiTokenExpiringSubject";
    static final String EXPIRED_SUBJECT = "apiTokenExpiredSubject";

    private static final long DAY_MILLIS = 86_400_000L;

    private ExpiryNoticeMail() {
    }

    static void send(KeycloakSession session, RealmModel realm, UserModel owner, ApiTokenModel token, int daysBefore, Instant now)
            throws EmailException {
        ExpiryNoticeBean bean = bean(realm, token, daysBefore, now);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("apiToken", bean);
        // the owner's own locale, never that of whoever happens to trigger the run
        attributes.put(Constants.IGNORE_ACCEPT_LANGUAGE_HEADER, true);
        session.getProvider(EmailTemplateProvider.class)
                .setRealm(realm)
                .setUser(owner)
                .send(bean.isExpired() ? EXPIRED_SUBJECT : EXPIRING_SUBJECT, List.of(bean.getName(), bean.getExpiresAt()), TEMPLATE,
                        attributes);
    }

    static ExpiryNoticeBean bean(RealmModel realm, ApiTokenModel token, int daysBefore, Instant now) {
        Instant expiresAt = token.getExpiresAt();
        boolean expired = !expiresAt.isAfter(now);
        List<String> scopes = token.getScopes().stream()
                .map(ScopeGrant::scopeId)
                .map(realm::getClientScopeById)
                .filter(Objects::nonNull)
                .map(ClientScopeModel::getName)
                .toList();
        return new ExpiryNoticeBean(token.getId(), token.getName(), token.getDescription(), token.getClientId(), expiresAt, expired,
                daysLeft(expiresAt, now), daysBefore, scopes, TokenPageLink.of(realm, token.getId()));
    }

    /** Whole days until the expiry, rounded up (a token expiring in 3 days and an hour has 4 left); 0 once expired. */
    static long daysLeft(Instant expiresAt, Instant now) {
        long left = expiresAt.toEpochMilli() - now.toEpochMilli();
        return left <= 0 ? 0 : (left + DAY_MILLIS - 1) / DAY_MILLIS;
    }
}
