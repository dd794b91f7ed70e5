package dev.kcapitokens.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenPageLinkTest {

    @ParameterizedTest(name = "frontendUrl={0} hostname={1} -> {2}")
    @CsvSource(nullValues = "null", value = {
            "https://sso.example.com/auth/, https://ignored.example.com, https://sso.example.com/auth",
            "'  ',                          https://kc.example.com/,     https://kc.example.com",
            "null,                          kc.example.com,              https://kc.example.com",
            "null,                          http://127.0.0.1:8080,       http://127.0.0.1:8080",
            "null,                          null,                        null",
    })
    void theBaseIsTheRealmsFrontendUrlElseTheHostname(String frontendUrl, String hostname, String expected) {
        assertEquals(expected, TokenPageLink.base(frontendUrl, hostname));
    }

    @org.junit.jupiter.api.Test
    void linksTheTokensDetailViewOfThePage() {
        assertEquals("https://kc.example.com/realms/my%20realm/api-tokens/ui/#/tokens/0b7c-11",
                TokenPageLink.format("https://kc.example.com", "my realm", "0b7c-11"));
    }
}
