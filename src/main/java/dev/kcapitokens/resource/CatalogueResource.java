package dev.kcapitokens.resource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.utils.RepresentationToModel;
import org.keycloak.protocol.LoginProtocol;
import org.keycloak.protocol.LoginProtocolFactory;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.ScopeMappingRepresentation;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ClientScopeResource;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.util.JsonSerialization;

import com.fasterxml.jackson.databind.JsonNode;

import dev.kcapitokens.representation.CatalogueImportResult;

/**
 * {@code POST /admin/realms/{realm}/api-tokens/catalogue}: imports a scope catalogue into an existing realm, as
 * Keycloak's partial import would if it carried client scopes (it takes clients, roles, groups, users and identity
 * providers only). The body is a fragment of a realm representation, as in {@code realm-config/catalogues/}: its
 * {@code clientScopes}, the realm roles they need ({@code roles.realm}) and their role scope mappings
 * ({@code scopeMappings}); anything else in it is ignored. {@code ifResourceExists} decides as for partial import:
 * {@code FAIL} (the default: 409 naming what exists, nothing changes), {@code SKIP} or {@code OVERWRITE}. Needs the
 * admin permissions Keycloak asks for creating client scopes and realm roles.
 */
public class CatalogueResource {

    static final String RESOURCE_TYPE = "API_TOKEN_CATALOGUE";
    private static final int MAX_BODY = 1024 * 1024;
    /** Attributes of Keycloak's dynamic (26.5) and parameterized (26.7) client scopes. */
    private static final List<String> NOT_PLAIN = List.of(ClientScopeModel.IS_DYNAMIC_SCOPE, ClientScopeModel.DYNAMIC_SCOPE_REGEXP,
            "is.parameterized.scope", "parameterized.scope.regexp", "parameterized.scope.type");

    private enum Policy { FAIL, SKIP, OVERWRITE }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    CatalogueResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CatalogueImportResult importCatalogue(@QueryParam("ifResourceExists") String ifResourceExists, InputStream body) {
        auth.clients().requireManageClientScopes();
        auth.roles().requireManage(realm);
        Policy policy = policy(ifResourceExists);
        Catalogue catalogue = read(ApiContext.admin(session, realm).json(body));

        if (policy == Policy.FAIL) {
            List<String> existing = new ArrayList<>();
            catalogue.roles().stream().filter(role -> realm.getRole(role.getName()) != null).forEach(role -> existing.add("role " + role.getName()));
            catalogue.scopes().stream().filter(scope -> scopeNamed(scope.getName()) != null).forEach(scope -> existing.add("client scope " + scope.getName()));
            if (!existing.isEmpty()) {
                throw ErrorResponse.exists("Already in the realm: " + String.join(", ", existing));
            }
        }
        List<CatalogueImportResult.Entry> results = new ArrayList<>();
        for (RoleRepresentation rep : catalogue.roles()) {
            RoleModel role = realm.getRole(rep.getName());
            if (role == null) {
                role = realm.addRole(rep.getName());
                role.setDescription(rep.getDescription());
                results.add(new CatalogueImportResult.Entry("ADDED", "REALM_ROLE", rep.getName(), role.getId()));
            } else if (policy == Policy.OVERWRITE) {
                role.setDescription(rep.getDescription());
                results.add(new CatalogueImportResult.Entry("OVERWRITTEN", "REALM_ROLE", rep.getName(), role.getId()));
            } else {
                results.add(new CatalogueImportResult.Entry("SKIPPED", "REALM_ROLE", rep.getName(), role.getId()));
            }
        }
        for (ClientScopeRepresentation rep : catalogue.scopes()) {
            ClientScopeModel scope = scopeNamed(rep.getName());
            String action;
            if (scope == null) {
                LoginProtocolFactory protocol = (LoginProtocolFactory) session.getKeycloakSessionFactory()
                        .getProviderFactory(LoginProtocol.class, rep.getProtocol());
                if (protocol != null) {
                    protocol.addClientScopeDefaults(rep);
                }
                scope = RepresentationToModel.createClientScope(realm, rep);
                action = "ADDED";
            } else if (policy == Policy.OVERWRITE) {
                RepresentationToModel.updateClientScope(rep, scope);
                action = "OVERWRITTEN";
            } else {
                results.add(new CatalogueImportResult.Entry("SKIPPED", "CLIENT_SCOPE", rep.getName(), scope.getId()));
                continue;
            }
            for (String roleName : catalogue.mappings().getOrDefault(rep.getName(), Set.of())) {
                RoleModel role = realm.getRole(roleName);
                if (scope.getScopeMappingsStream().noneMatch(role::equals)) {
                    scope.addScopeMapping(role);
                }
            }
            results.add(new CatalogueImportResult.Entry(action, "CLIENT_SCOPE", rep.getName(), scope.getId()));
        }
        CatalogueImportResult result = CatalogueImportResult.of(results);
        adminEvent.operation(OperationType.CREATE).resource(RESOURCE_TYPE).resourcePath("api-tokens", "catalogue")
                .representation(result).success();
        return result;
    }

    private record Catalogue(List<RoleRepresentation> roles, List<ClientScopeRepresentation> scopes, Map<String, Set<String>> mappings) {
    }

    private Catalogue read(InputStream body) {
        JsonNode root;
        try {
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw invalid("The catalogue is larger than 1 MiB");
            }
            root = JsonSerialization.mapper.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw invalid("The body must be a JSON object with clientScopes");
            }
            List<RoleRepresentation> roles = new ArrayList<>();
            for (JsonNode node : root.path("roles").path("realm")) {
                roles.add(JsonSerialization.mapper.treeToValue(node, RoleRepresentation.class));
            }
            List<ClientScopeRepresentation> scopes = new ArrayList<>();
            for (JsonNode node : root.path("clientScopes")) {
                scopes.add(JsonSerialization.mapper.treeToValue(node, ClientScopeRepresentation.class));
            }
            List<ScopeMappingRepresentation> mappings = new ArrayList<>();
            for (JsonNode node : root.path("scopeMappings")) {
                mappings.add(JsonSerialization.mapper.treeToValue(node, ScopeMappingRepresentation.class));
            }
            return validated(roles, scopes, mappings);
        } catch (IOException e) {
            throw invalid("The body is not a catalogue: JSON with clientScopes, roles.realm and scopeMappings as in a realm representation");
        }
    }

    private Catalogue validated(List<RoleRepresentation> roles, List<ClientScopeRepresentation> scopes,
                                List<ScopeMappingRepresentation> mappings) {
        if (scopes.isEmpty()) {
            throw invalid("The catalogue has no clientScopes");
        }
        Set<String> roleNames = new HashSet<>();
        for (RoleRepresentation role : roles) {
            if (role.getName() == null || role.getName().isBlank() || !roleNames.add(role.getName())) {
                throw invalid("Every role needs a name of its own");
            }
        }
        Set<String> scopeNames = new HashSet<>();
        for (ClientScopeRepresentation scope : scopes) {
            if (scope.getName() == null || !scopeNames.add(scope.getName())) {
                throw invalid("Every client scope needs a name of its own: " + scope.getName());
            }
            ClientScopeResource.validateClientScopeName(scope.getName());
            if (scope.getProtocol() == null) {
                scope.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
            }
            ClientScopeResource.validateClientScopeProtocol(session, scope.getProtocol());
            requirePlain(scope);
        }
        Map<String, Set<String>> byScope = new LinkedHashMap<>();
        for (ScopeMappingRepresentation mapping : mappings) {
            if (mapping.getClientScope() == null || !scopeNames.contains(mapping.getClientScope())) {
                throw invalid("A scope mapping must name a client scope of the catalogue: " + mapping.getClientScope());
            }
            for (String role : mapping.getRoles() == null ? Set.<String>of() : mapping.getRoles()) {
                if (!roleNames.contains(role) && realm.getRole(role) == null) {
                    throw invalid("The scope mapping of " + mapping.getClientScope() + " names an unknown realm role: " + role);
                }
                byScope.computeIfAbsent(mapping.getClientScope(), name -> new HashSet<>()).add(role);
            }
        }
        return new Catalogue(roles, scopes, byScope);
    }

    private ClientScopeModel scopeNamed(String name) {
        return realm.getClientScopesStream().filter(scope -> scope.getName().equals(name)).findFirst().orElse(null);
    }

    private static Policy policy(String value) {
        if (value == null || value.isBlank()) {
            return Policy.FAIL;
        }
        try {
            return Policy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("ifResourceExists must be FAIL, SKIP or OVERWRITE");
        }
    }

    /**
     * A catalogue's client scopes are plain scopes: a scope narrowed to resources is a token's {@code scope_resources}.
     * Keycloak's dynamic scopes (26.5) became parameterized scopes with other attributes and another check in 26.7,
     * so the import refuses both kinds itself rather than call the check of one version.
     */
    private static void requirePlain(ClientScopeRepresentation scope) {
        Map<String, String> attributes = scope.getAttributes() == null ? Map.of() : scope.getAttributes();
        for (String attribute : NOT_PLAIN) {
            String value = attributes.get(attribute);
            if (value != null && !value.isEmpty() && !"false".equalsIgnoreCase(value)) {
                throw invalid("Client scope " + scope.getName() + ": " + attribute
                        + " is not supported in a catalogue (restrict a token's scope to resources with scope_resources)");
            }
        }
    }

    private static RuntimeException invalid(String message) {
        return ErrorResponse.error(message, Response.Status.BAD_REQUEST);
    }
}
