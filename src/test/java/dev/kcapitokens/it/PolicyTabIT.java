package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * The admin console's "Realm settings → API tokens" tab keeps its form as a component of the realm (the shared server
 * runs with declarative-ui). The realm's policy stays one: the REST endpoint's changes show in the component, and a
 * component saved the way the admin console saves it changes the policy, after the same validation.
 */
@KeycloakIT
class PolicyTabIT {

    static final String TYPE = "org.keycloak.services.ui.extend.UiTabProvider";
    static TestRealm realm;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("tab");
    }

    static JsonNode tab() {
        JsonNode components = realm.adminGet("/components?type=" + TYPE).json();
        assertEquals(1, components.size(), components.toString());
        assertEquals("API tokens", components.get(0).get("providerId").asText());
        return components.get(0);
    }

    @Test
    void theTabIsOfferedToTheAdminConsole() {
        JsonNode info = realm.admin().get("/admin/serverinfo").json();
        JsonNode tabs = info.at("/componentTypes/" + TYPE);
        assertTrue(tabs.toString().contains("\"id\":\"API tokens\""), tabs.toString());
        assertTrue(tabs.toString().contains("/:realm/realm-settings/:tab?"), tabs.toString());
    }

    @Test
    void restChangesShowInTheTab() {
        assertEquals("P1D", tab().at("/config/max_grace_period/0").asText(), "a new realm's tab holds the default policy");

        assertEquals(200, realm.tokenAdmin().putJson("/policy", Map.of("max_lifetime", "P60D", "max_tokens_per_user", 3)).status());

        JsonNode config = tab().get("config");
        assertEquals("P60D", config.at("/max_lifetime/0").asText());
        assertEquals("3", config.at("/max_tokens_per_user/0").asText());
        assertEquals("true", config.at("/users_may_create/0").asText());
    }

    @Test
    void theTabSavedAsTheConsoleDoesIsThePolicyAndInvalidFormsAreRefused() {
        ObjectNode component = (ObjectNode) tab();
        ObjectNode config = component.putObject("config");
        config.putArray("max_lifetime").add("P45D");
        config.putArray("default_lifetime").add("P14D");
        config.putArray("expiry_required").add("true");
        config.putArray("max_tokens_per_user").add("7");
        config.putArray("max_grace_period").add("PT4H");
        config.putArray("users_may_create").add("false");

        Reply saved = realm.admin().putJson(realm.adminPath("/components/" + component.get("id").asText()), component);
        assertEquals(204, saved.status(), saved.body());

        JsonNode policy = realm.tokenAdmin().get("/policy").json();
        assertEquals("P45D", policy.get("max_lifetime").asText());
        assertEquals("P14D", policy.get("default_lifetime").asText());
        assertTrue(policy.get("expiry_required").asBoolean());
        assertEquals(7, policy.get("max_tokens_per_user").asInt());
        assertEquals("PT4H", policy.get("max_grace_period").asText());
        assertEquals(false, policy.get("users_may_create").asBoolean());

        for (Map.Entry<String, String> bad : Map.of("max_lifetime", "forever", "max_grace_period", "PT25H", "max_tokens_per_user", "many",
                "default_lifetime", "P90D").entrySet()) {
            ObjectNode invalid = component.deepCopy();
            ((ObjectNode) invalid.get("config")).putArray(bad.getKey()).add(bad.getValue());
            Reply refused = realm.admin().putJson(realm.adminPath("/components/" + component.get("id").asText()), invalid);
            assertEquals(400, refused.status(), bad + " -> " + refused.body());
            assertTrue(refused.body().contains(bad.getKey()), refused.body());
        }
        assertEquals("P45D", realm.tokenAdmin().get("/policy").json().get("max_lifetime").asText(), "unchanged");
        assertEquals(List.of("P45D"), ReferenceApiIT.strings(tab().at("/config/max_lifetime")));
    }
}
