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
 * itself, through the model: to every realm at start-up, to every realm created or imported later, and to a flow an
 * administrator binds or edits later ({@link ClientsFlowWatcher}). Idempotent. An execution of ours that an
 * administrator set to {@code DISABLED} is left disabled: that is how a realm turns token exchange off.
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
        return ensure(realm, Logger.Level.INFO);
    }

    /**
     * @param level of the log line when the execution had to be added or moved: a warning when an administrator's
     *              change left it out (see {@link ClientsFlowWatcher})
     */
    static boolean ensure(RealmModel realm, Logger.Level level) {
        AuthenticationFlowModel flow = realm.getClientAuthenticationFlow();
        if (flow == null) {
            LOG.warnf("realm=%s has no client authentication flow: its api tokens cannot be exchanged", realm.getName());
            return false;
        }
        List<AuthenticationExecutionModel> executions = realm.getAuthenticationExecutionsStream(flow.getId()).toList();
        int firstOther = executions.stream().filter(execution -> !isOurs(execution))
                .mapToInt(AuthenticationExecutionModel::getPriority).min().orElse(10);
        AuthenticationExecutionModel ours = executions.stream().filter(ClientsFlowInstaller::isOurs).findFirst().orElse(null);
        if (ours != null) {
            if (ours.isDisabled()) {
                // the administrator's switch: left as it is
                LOG.warnf("the api token authenticator is disabled in the client authentication flow realm=%s flow=%s: "
                        + "the realm's api tokens cannot be exchanged", realm.getName(), flow.getAlias());
            }
            if (ours.getPriority() < firstOther) {
                return false;
            }
            ours.setPriority(firstOther - 10);
            realm.updateAuthenticatorExecution(ours);
            LOG.logf(level, "moved the api token authenticator first in the client authentication flow realm=%s flow=%s",
                    realm.getName(), flow.getAlias());
            return true;
        }
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(flow.getId());
        execution.setAuthenticator(ApiTokenNames.AUTHENTICATOR_ID);
        execution.setRequirement(AuthenticationExecutionModel.Requirement.ALTERNATIVE);
        execution.setAuthenticatorFlow(false);
        execution.setPriority(firstOther - 10);
        realm.addAuthenticatorExecution(execution);
        LOG.logf(level, "added the api token authenticator to the client authentication flow realm=%s flow=%s; without it "
                + "the realm's api tokens could not be exchanged", realm.getName(), flow.getAlias());
        return true;
    }
}
