package dev.kcapitokens.resource;

/** The reference scopes that gate the token API for callers that are themselves API tokens. */
final class ManagementScopes {

    static final String CREATE = "token.create";
    static final String READ = "token.read";
    static final String READ_ALL = "token.read-all";
    static final String DELETE = "token.delete";

    private ManagementScopes() {
    }
}
