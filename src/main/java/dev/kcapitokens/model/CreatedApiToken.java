package dev.kcapitokens.model;

/**
 * A token together with its secret, which exists in clear only in this object and only until the response is sent.
 */
public record CreatedApiToken(ApiTokenModel token, String secret) {

    @Override
    public String toString() {
        return "CreatedApiToken[token=" + token.getId() + "]";
    }
}
