package dev.kcapitokens.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The checked-in OpenAPI document lists exactly the operations the JAX-RS resources serve, no more, no less. */
class OpenApiRoutesTest {

    @Test
    void documentMatchesTheResources() throws IOException {
        Set<String> served = new TreeSet<>();
        collect(ApiTokensRealmResource.class, "/realms/{realm}/api-tokens", served);
        collect(ApiTokensAdminResource.class, "/admin/realms/{realm}/api-tokens", served);

        Set<String> documented = new TreeSet<>();
        try (InputStream in = getClass().getResourceAsStream(ApiTokensRealmResource.OPENAPI)) {
            JsonNode paths = new ObjectMapper().readTree(in).get("paths");
            for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
                String path = it.next();
                for (Iterator<String> ops = paths.get(path).fieldNames(); ops.hasNext(); ) {
                    String op = ops.next();
                    if (!op.equals("parameters")) {
                        documented.add(op.toUpperCase(Locale.ROOT) + " " + path);
                    }
                }
            }
        }

        assertEquals(served, documented);
    }

    /** HTTP methods become operations; a method with only {@code @Path} is a sub-resource locator to follow. */
    private static void collect(Class<?> resource, String prefix, Set<String> operations) {
        for (Method method : resource.getDeclaredMethods()) {
            Path path = method.getAnnotation(Path.class);
            String full = path == null ? prefix : prefix + "/" + path.value().replaceAll("^/|/$", "");
            String httpMethod = httpMethod(method);
            if (httpMethod != null) {
                operations.add(httpMethod + " " + full);
            } else if (path != null) {
                collect(method.getReturnType(), full, operations);
            }
        }
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }
}
