package dev.kcapitokens.ui;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import dev.kcapitokens.model.ApiTokenPolicy;
import dev.kcapitokens.model.EveryRealm;
import dev.kcapitokens.representation.InvalidRequestException;
import dev.kcapitokens.representation.PolicyRepresentation;
import dev.kcapitokens.representation.TokenRequestParser;

/**
 * "Realm settings → API tokens" in Keycloak's admin console, where Keycloak offers extension tabs (the experimental
 * {@code declarative-ui} feature; without it Keycloak never loads this factory and nothing else changes).
 *
 * <p>The admin console keeps a tab's form as a component of the realm. The realm's policy stays where the REST API keeps
 * it, in realm attributes ({@link ApiTokenPolicy}); the component is only its mirror: saving the tab validates the form
 * as the REST API validates a policy and writes the realm attributes, and every change through the REST API (and every
 * start-up) rewrites the mirror, so each side shows the other's changes.
 */
public class PolicyTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    public static final String ID = "API tokens";

    private static final List<String> DURATIONS = List.of("max_lifetime", "default_lifetime", "max_grace_period");
    private static final List<String> BOOLEANS = List.of("expiry_required", "users_may_create");
    private static final String MAX_TOKENS = "max_tokens_per_user";
    private static final String NOTICE_DAYS = "expiry_notice_days";
    private static final String DELETE_AFTER = "delete_ended_after_days";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "The realm's rules for API tokens. People manage their tokens on the page /realms/{realm}/api-tokens/ui/.";
    }

    @Override
    public String getPath() {
        return "/:realm/realm-settings/:tab?";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "api-tokens");
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name("max_lifetime").label("Maximum lifetime").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("ISO-8601 duration, e.g. P90D. A longer expiry is refused; a token created without expiry gets it. Empty: no limit.").add()
                .property().name("default_lifetime").label("Default lifetime").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("ISO-8601 duration, e.g. P30D: the expiry of a token created or regenerated without one. Empty: none.").add()
                .property().name("expiry_required").label("Expiry required").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("false").helpText("Refuse tokens without expiry (unless a default lifetime applies).").add()
                .property().name(MAX_TOKENS).label("Maximum tokens per user").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Every token counts, whatever its status. Empty: no limit.").add()
                .property().name("max_grace_period").label("Maximum grace period").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("P1D").helpText("ISO-8601 duration, at most PT24H: how long an old secret may keep working after a regeneration.").add()
                .property().name("users_may_create").label("Users may create tokens").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue("true").helpText("Off: only token administrators may create and regenerate tokens.").add()
                .property().name(NOTICE_DAYS).label("Expiry notices (days before)").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue("7, 0").helpText("Comma-separated days before expiry on which the owner gets an e-mail; 0 is the notice that the token has expired. Empty: no notices.").add()
                .property().name(DELETE_AFTER).label("Delete ended tokens after (days)").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Tokens revoked or expired more than this many days ago are deleted with their clients. Empty: never.").add()
                .build();
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        policyOf(model);
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        policyOf(model).saveTo(realm);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        policyOf(newModel).saveTo(realm);
    }

    /** The policy the form holds, validated by the same parser as the REST API's {@code PUT policy}. */
    static ApiTokenPolicy policyOf(ComponentModel model) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        for (String name : DURATIONS) {
            String value = model.get(name);
            if (value != null && !value.isBlank()) {
                json.put(name, value.trim());
            }
        }
        for (String name : BOOLEANS) {
            String value = model.get(name);
            if (value != null && !value.isBlank()) {
                json.put(name, Boolean.parseBoolean(value.trim()));
            }
        }
        putInteger(json, MAX_TOKENS, model.get(MAX_TOKENS));
        putInteger(json, DELETE_AFTER, model.get(DELETE_AFTER));
        String notices = model.get(NOTICE_DAYS);
        if (notices != null) {
            ArrayNode days = json.putArray(NOTICE_DAYS);
            for (String day : notices.split(",")) {
                if (!day.isBlank()) {
                    try {
                        days.add(Integer.parseInt(day.trim()));
                    } catch (NumberFormatException e) {
                        days.add(day.trim()); // the parser names the field
                    }
                }
            }
        }
        try {
            return TokenRequestParser.parsePolicy(new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (InvalidRequestException e) {
            StringBuilder message = new StringBuilder();
            e.getFields().forEach(field -> message.append(message.isEmpty() ? "" : "; ").append(field.field()).append(' ').append(field.message()));
            throw new ComponentValidationException(message.toString());
        }
    }

    private static void putInteger(ObjectNode json, String name, String value) {
        if (value != null && !value.isBlank()) {
            try {
                json.put(name, Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                json.put(name, value.trim()); // the parser names the field
            }
        }
    }

    /**
     * Rewrites the tab's form from the realm's policy, creating it if the admin console has not yet; a no-op unless
     * Keycloak offers extension tabs.
     *
     * @return whether the form had to change
     */
    public static boolean mirror(RealmModel realm, ApiTokenPolicy policy) {
        if (!Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI)) {
            return false;
        }
        PolicyRepresentation values = PolicyRepresentation.of(policy);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        put(config, "max_lifetime", values.maxLifetime());
        put(config, "default_lifetime", values.defaultLifetime());
        put(config, "expiry_required", Boolean.toString(values.expiryRequired()));
        put(config, MAX_TOKENS, values.maxTokensPerUser() == null ? null : values.maxTokensPerUser().toString());
        put(config, "max_grace_period", values.maxGracePeriod());
        put(config, "users_may_create", Boolean.toString(values.usersMayCreate()));
        put(config, NOTICE_DAYS, String.join(", ", values.expiryNoticeDays().stream().map(String::valueOf).toList()));
        put(config, DELETE_AFTER, values.deleteEndedAfterDays() == null ? null : values.deleteEndedAfterDays().toString());
        ComponentModel existing = realm.getComponentsStream(realm.getId(), UiTabProvider.class.getName())
                .filter(component -> ID.equals(component.getProviderId())).findFirst().orElse(null);
        if (existing == null) {
            ComponentModel tab = new ComponentModel();
            tab.setName(ID);
            tab.setProviderId(ID);
            tab.setProviderType(UiTabProvider.class.getName());
            tab.setParentId(realm.getId());
            tab.setConfig(config);
            realm.addComponentModel(tab);
            return true;
        }
        if (!Objects.equals(existing.getConfig(), config)) {
            existing.setConfig(config);
            realm.updateComponent(existing);
            return true;
        }
        return false;
    }

    private static void put(MultivaluedHashMap<String, String> config, String name, String value) {
        if (value != null) {
            config.putSingle(name, value);
        }
    }

    @Override
    public void init(Config.Scope config) {
    }

    /** Mirrors every realm's policy at start-up and the default policy into every realm created later. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        EveryRealm.keep(factory, "api tokens policy tab", realm -> mirror(realm, ApiTokenPolicy.of(realm)));
    }

    @Override
    public void close() {
    }
}
