package dev.kcapitokens.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for tests: JSON and form bodies, optional bearer token and extra headers. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The same headers against another base URL. */
    public Http withBase(String otherBaseUrl) {
        Http copy = new Http(otherBaseUrl);
        copy.headers.putAll(headers);
        return copy;
    }

    public Http bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    public Http header(String name, String value) {
        Http copy = new Http(baseUrl);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    /** As if the request came from this client address, through the trusted proxy on 127.0.0.1. */
    public Http from(String clientAddress) {
        return header("X-Forwarded-For", clientAddress);
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply postJson(String path, Object body) {
        return sendJson("POST", path, body);
    }

    public Reply putJson(String path, Object body) {
        return sendJson("PUT", path, body);
    }

    public Reply patchJson(String path, Object body) {
        return sendJson("PATCH", path, body);
    }

    public Reply sendJson(String method, String path, Object body) {
        String text = body instanceof String raw ? raw : write(body);
        return sendRaw(method, path, "application/json", text);
    }

    public Reply postForm(String path, Map<String, String> form) {
        String text = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return sendRaw("POST", path, "application/x-www-form-urlencoded", text);
    }

    public Reply sendRaw(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
                .timeout(Duration.ofSeconds(60));
        headers.forEach(builder::header);
        return builder;
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
