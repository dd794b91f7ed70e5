package dev.kcapitokens.authenticator;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import dev.kcapitokens.model.ApiTokenNames;
import dev.kcapitokens.model.EveryRealm;

/**
 * Keycloak consults a client authenticator only when it is an execution of the realm's client authentication flow,
 * and the admin REST API refuses to edit the built-in {@code clients} flow. So the extension adds its execution
 * itself, through the model: to every realm at start-up and to every realm created or imported later. Idempotent.
 */
final class ClientsFlowInstaller {

    private static final Logger LOG = Logger.getLogger(ClientsFlowInstaller.class);

    private ClientsFlowInstaller() {
    }

    static void register(KeycloakSessionFactory factory) {
        EveryRealm.keep(factory, "api token authenticator in the clients flow", ClientsFlowInstaller::ensure);
    }

    private static boolean isOurs(AuthenticationExecutionModel execution) {
        return ApiTokenNames.AUTHENTICATOR_ID.equals(execution.getAuthenticator());
    }

    /**
     * Puts the execution first among the alternatives: for a token client it then decides at once, instead of after
     * Keycloak's four built-in authenticators have each tried and failed; for any other client it only looks the
     * client up (cached) and steps aside.
     *
     * @return whether the execution had to be added or moved
     */
    static boolean ensure(RealmModel realm) {
        AuthenticationFlowModel flow = realm.getClientAuthenticationFlow();
        if (flow == null) {
            return false;
        }
        List<AuthenticationExecutionModel> executions = realm.getAuthenticationExecutionsStream(flow.getId()).toList();
        int firstOther = executions.stream().filter(execution -> !isOurs(execution))
                .mapToInt(AuthenticationExecutionModel::getPriority).min().orElse(10);
        AuthenticationExecutionModel ours = executions.stream().filter(ClientsFlowInstaller::isOurs).findFirst().orElse(null);
        if (ours != null) {
            if (ours.getPriority() < firstOther) {
                return false;
            }
            ours.setPriority(firstOther - 10);
            realm.updateAuthenticatorExecution(ours);
            LOG.infof("moved the api token authenticator first in the client authentication flow realm=%s", realm.getName());
            return true;
        }
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(flow.getId());
        execution.setAuthenticator(ApiTokenNames.AUTHENTICATOR_ID);
        execution.setRequirement(AuthenticationExecutionModel.Requirement.ALTERNATIVE);
        execution.setAuthenticatorFlow(false);
        execution.setPriority(firstOther - 10);
        realm.addAuthenticatorExecution(execution);
        LOG.infof("added the api token authenticator to the client authentication flow realm=%s flow=%s", realm.getName(), flow.getAlias());
        return true;
    }
}
