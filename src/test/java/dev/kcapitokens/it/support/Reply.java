package dev.kcapitokens.it.support;

import java.io.IOException;
import java.net.http.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** An HTTP response read completely, with its body parsed as JSON when it is JSON. */
public record Reply(int status, HttpHeaders headers, String body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public JsonNode json() {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON (status " + status + "): " + body, e);
        }
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The JSON field as text, failing with the whole reply when it is missing. */
    public String text(String field) {
        JsonNode node = json().get(field);
        if (node == null || node.isNull()) {
            throw new AssertionError("no '" + field + "' in reply " + this);
        }
        return node.asText();
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
