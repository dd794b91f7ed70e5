package dev.kcapitokens.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.kcapitokens.it.support.Keycloak;
import dev.kcapitokens.it.support.KeycloakIT;
import dev.kcapitokens.it.support.RawHttp;
import dev.kcapitokens.it.support.Reply;
import dev.kcapitokens.it.support.TestRealm;

/**
 * The IP allowlist against the address Keycloak sees. The test server trusts X-Forwarded-For from 127.0.0.1 only
 * ({@code --proxy-headers xforwarded --proxy-trusted-addresses 127.0.0.1}); requests from 127.0.0.2 show that the
 * header of an untrusted peer is ignored.
 */
@KeycloakIT
class AllowlistIT {

    static TestRealm realm;
    static Reply fenced;

    @BeforeAll
    static void setUp(Keycloak keycloak) {
        realm = keycloak.newRealm("allowlist");
        fenced = realm.createToken(realm.login("alice"), Map.of("name", "fenced",
                "allowed_ips", List.of("198.51.100.0/24", "2001:db8:7::/48", "203.0.113.9")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "198.51.100.7,   200",
            "198.51.100.255, 200",
            "198.51.101.7,   401",
            "2001:db8:7::1,  200",
            "2001:db8:7:ffff:ffff:ffff:ffff:ffff, 200",
            "2001:db8:8::1,  401",
            "203.0.113.9,    200",
            "203.0.113.10,   401"})
    void addressMustBeInTheAllowlist(String address, int status) {
        assertEquals(status, realm.exchangeFrom(address, fenced.text("client_id"), fenced.text("token")).status());
    }

    @Test
    void headerFromAnUntrustedPeerIsIgnored() {
        Reply loopback2 = realm.createToken(realm.login("alice"), Map.of("name", "127.0.0.2 only", "allowed_ips", List.of("127.0.0.2")));

        String[] believed = raw("127.0.0.2", loopback2, "X-Forwarded-For: 198.51.100.7");
        String[] spoofed = raw("127.0.0.2", fenced, "X-Forwarded-For: 198.51.100.7");

        assertEquals("200", believed[0], "the socket address 127.0.0.2 counts, not the header: " + believed[1]);
        assertEquals("401", spoofed[0], "an allowed address in a header from an untrusted peer gets nowhere");
    }

    private static String[] raw(String localAddress, Reply token, String header) {
        String form = "grant_type=client_credentials&client_id=" + token.text("client_id")
                + "&client_secret=" + URLEncoder.encode(token.text("token"), StandardCharsets.UTF_8);
        return RawHttp.postForm(localAddress, realm.keycloak().server().httpPort(), realm.path("/protocol/openid-connect/token"), form, header);
    }
}
