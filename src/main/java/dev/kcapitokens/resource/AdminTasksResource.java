package dev.kcapitokens.resource;

import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.services.ErrorResponse;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.kcapitokens.representation.ApiTokenConverter;
import dev.kcapitokens.representation.ExpiryNoticeRunRepresentation;
import dev.kcapitokens.representation.HousekeepingRunRepresentation;
import dev.kcapitokens.representation.TokenRequestParser;
import dev.kcapitokens.task.ApiTokenTasksProvider;
import dev.kcapitokens.task.ExpiryNoticeReport;
import dev.kcapitokens.task.HousekeepingReport;
import dev.kcapitokens.task.TaskBusyException;

/**
 * {@code /admin/realms/{realm}/api-tokens/tasks}: runs a scheduled task for this realm now and answers what it did;
 * the locator checked manage-realm. A run that is in progress already (scheduled, or another administrator's) is a 409.
 */
public class AdminTasksResource {

    private final ApiContext context;
    private final AdminEventBuilder adminEvent;

    AdminTasksResource(ApiContext context, AdminEventBuilder adminEvent) {
        this.context = context;
        this.adminEvent = adminEvent;
    }

    /** Mails the owners of the tokens due an expiry notice. */
    @POST
    @Path("expiry-notices")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ExpiryNoticeRunRepresentation expiryNotices(InputStream body) {
        context.validate(() -> TokenRequestParser.parseNoOptions(context.json(body)));
        ExpiryNoticeReport report;
        try {
            report = tasks().sendExpiryNotices(context.realm());
        } catch (TaskBusyException e) {
            throw busy(e);
        }
        return new ExpiryNoticeRunRepresentation(context.realm().getName(), report.disabledBecause() == null, report.disabledBecause(),
                report.sent(), report.skipped(), report.failed());
    }

    /** Deletes the tokens that ended longer ago than the policy keeps them; each deletion is an admin event by the caller. */
    @POST
    @Path("housekeeping")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public HousekeepingRunRepresentation housekeeping(InputStream body) {
        context.validate(() -> TokenRequestParser.parseNoOptions(context.json(body)));
        HousekeepingReport report;
        try {
            report = tasks().deleteEndedTokens(context.realm(), adminEvent.getEvent().getAuthDetails());
        } catch (TaskBusyException e) {
            throw busy(e);
        }
        return new HousekeepingRunRepresentation(context.realm().getName(), report.disabledBecause() == null, report.disabledBecause(),
                ApiTokenConverter.format(report.endedBefore()), report.deleted(), report.failed());
    }

    private ApiTokenTasksProvider tasks() {
        return context.session().getProvider(ApiTokenTasksProvider.class);
    }

    private static ErrorResponseException busy(TaskBusyException e) {
        return ErrorResponse.error(e.getMessage(), Response.Status.CONFLICT);
    }
}
