package dev.kcapitokens.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a JWT's claims without verifying it (tests that need verification use Nimbus against the JWKS). */
public final class Jwt {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Jwt() {
    }

    public static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
