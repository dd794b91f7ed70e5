package dev.kcapitokens.catalogue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The shipped scope catalogues ({@code realm-config/catalogues/*.json}), for the tests. */
public final class Catalogues {

    /** In the order the demo realm takes them: a name in two catalogues keeps the first one's definition. */
    public static final List<String> FILES = List.of("vpn.json", "saas.json", "iot.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Catalogues() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("kc.realm.config", "realm-config")).resolve("catalogues");
    }

    public static JsonNode read(String file) {
        try {
            return JSON.readTree(Files.readString(dir().resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String file) {
        try {
            return Files.readString(dir().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> names(String file) {
        return StreamSupport.stream(read(file).get("clientScopes").spliterator(), false).map(s -> s.get("name").asText()).toList();
    }

    /** Every catalogue scope by name, the first catalogue's where two define one. */
    public static Map<String, JsonNode> union() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (String file : FILES) {
            read(file).get("clientScopes").forEach(scope -> all.putIfAbsent(scope.get("name").asText(), scope));
        }
        return all;
    }

    /** Names defined by more than one catalogue. */
    public static List<String> shared() {
        List<String> seen = new ArrayList<>();
        List<String> shared = new ArrayList<>();
        for (String file : FILES) {
            for (String name : names(file)) {
                if (seen.contains(name)) {
                    shared.add(name);
                }
            }
            seen.addAll(names(file));
        }
        return shared;
    }
}
