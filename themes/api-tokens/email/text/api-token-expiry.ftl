<#ftl output_format="plainText">
${msg("apiTokenGreeting", user.firstName!user.username)}

<#if apiToken.expired>
${msg("apiTokenExpiredIntro", apiToken.name, apiToken.expiresAt, realmName)}
<#else>
${msg("apiTokenExpiringIntro", apiToken.name, apiToken.expiresAt, realmName, apiToken.daysLeft)}
</#if>

${msg("apiTokenNameLabel")}: ${apiToken.name}
<#if apiToken.description??>
${msg("apiTokenDescriptionLabel")}: ${apiToken.description}
</#if>
${msg("apiTokenExpiresLabel")}: ${apiToken.expiresAt}
${msg("apiTokenScopesLabel")}: <#list apiToken.scopes as scope>${scope}<#sep>, </#sep><#else>${msg("apiTokenNoScopes")}</#list>
${msg("apiTokenClientIdLabel")}: ${apiToken.clientId}

${msg("apiTokenWhatToDo")}
<#if apiToken.link??>

${msg("apiTokenOpenPage")}: ${apiToken.link}
</#if>

${msg("apiTokenNoSecret", realmName)}
