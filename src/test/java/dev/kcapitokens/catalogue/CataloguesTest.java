package dev.kcapitokens.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.it.support.TestRealm;

/** The catalogue files and the demo realm agree, and each catalogue has the shape its reference gives it. */
class CataloguesTest {

    @Test
    void theDemoRealmHoldsExactlyTheCataloguesGrantableScopes() {
        JsonNode demo = TestRealm.shippedRealm();
        Map<String, JsonNode> grantable = StreamSupport.stream(demo.get("clientScopes").spliterator(), false)
                .filter(s -> "true".equals(s.at("/attributes/api-token.grantable").asText()))
                .collect(Collectors.toMap(s -> s.get("name").asText(), s -> s));
        Map<String, JsonNode> catalogues = Catalogues.union();

        assertEquals(new TreeSet<>(catalogues.keySet()), new TreeSet<>(grantable.keySet()));
        catalogues.forEach((name, scope) -> assertEquals(scope, grantable.get(name), name + " differs between catalogue and demo realm"));
    }

    @Test
    void theVpnCataloguesRolesAndMappingsAreTheDemoRealms() {
        JsonNode demo = TestRealm.shippedRealm();
        JsonNode vpn = Catalogues.read("vpn.json");
        for (JsonNode mapping : vpn.get("scopeMappings")) {
            assertTrue(StreamSupport.stream(demo.get("scopeMappings").spliterator(), false).anyMatch(mapping::equals), mapping.toString());
        }
        for (JsonNode role : vpn.at("/roles/realm")) {
            assertTrue(StreamSupport.stream(demo.at("/roles/realm").spliterator(), false).anyMatch(role::equals), role.toString());
        }
    }

    @Test
    void onlyTheVpnAndIotGroupScopesShareNames() {
        assertEquals(List.of("groups.update", "groups.delete"), Catalogues.shared());
    }

    @Test
    void theSaasCatalogueIsTheReferencePermissionSet() {
        List<String> names = Catalogues.names("saas.json");
        assertEquals(64, names.size());
        assertEquals("api.organizations.read", names.get(0));
        assertEquals("scim.user.schema", names.get(names.size() - 1));
        assertTrue(names.stream().allMatch(n -> n.matches("(api|scim)\\.[a-z-]+\\.(read|write|delete|run|schema)")), names.toString());
        assertEquals(64, new HashSet<>(names).size());
    }

    @Test
    void theIotCatalogueIsEntityDotOperationWithTheReferenceDescriptions() {
        JsonNode iot = Catalogues.read("iot.json");
        Map<String, Long> perEntity = StreamSupport.stream(iot.get("clientScopes").spliterator(), false)
                .collect(Collectors.groupingBy(s -> s.get("name").asText().split("\\.")[0], Collectors.counting()));
        assertEquals(Map.of("clients", 11L, "channels", 10L, "groups", 17L, "domain", 16L), perEntity);
        Set<String> names = new HashSet<>(Catalogues.names("iot.json"));
        assertTrue(names.containsAll(List.of("clients.view", "channels.connect_client", "groups.remove_all_children_groups",
                "domain.send_invitation")));
        for (JsonNode scope : iot.get("clientScopes")) {
            String name = scope.get("name").asText();
            assertTrue(name.matches("(clients|channels|groups|domain)\\.[a-z_]+"), name);
            assertEquals(name.startsWith("domain."), "true".equals(scope.at("/attributes/api-token.locked-to-realm").asText()),
                    "exactly the Domain scopes are locked to the realm: " + name);
        }
        assertEquals("Domain: Send a domain invitation", description(iot, "domain.send_invitation"));
        assertEquals("Groups: Remove all child groups", description(iot, "groups.remove_all_children_groups"));
    }

    private static String description(JsonNode catalogue, String name) {
        return StreamSupport.stream(catalogue.get("clientScopes").spliterator(), false)
                .filter(s -> s.get("name").asText().equals(name)).findFirst().orElseThrow().get("description").asText();
    }
}
