<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("apiTokenGreeting", user.firstName!user.username)}</p>
<#if apiToken.expired>
<p>${msg("apiTokenExpiredIntro", apiToken.name, apiToken.expiresAt, realmName)}</p>
<#else>
<p>${msg("apiTokenExpiringIntro", apiToken.name, apiToken.expiresAt, realmName, apiToken.daysLeft)}</p>
</#if>
<table>
    <tr><th align="left">${msg("apiTokenNameLabel")}</th><td>${apiToken.name}</td></tr>
    <#if apiToken.description??>
    <tr><th align="left">${msg("apiTokenDescriptionLabel")}</th><td>${apiToken.description}</td></tr>
    </#if>
    <tr><th align="left">${msg("apiTokenExpiresLabel")}</th><td>${apiToken.expiresAt}</td></tr>
    <tr><th align="left">${msg("apiTokenScopesLabel")}</th><td><#list apiToken.scopes as scope><code>${scope}</code><#sep>, </#sep><#else>${msg("apiTokenNoScopes")}</#list></td></tr>
    <tr><th align="left">${msg("apiTokenClientIdLabel")}</th><td><code>${apiToken.clientId}</code></td></tr>
</table>
<p>${msg("apiTokenWhatToDo")}</p>
<#if apiToken.link??>
<p><a href="${apiToken.link}">${msg("apiTokenOpenPage")}</a></p>
</#if>
<p>${msg("apiTokenNoSecret", realmName)}</p>
</@layout.emailLayout>
