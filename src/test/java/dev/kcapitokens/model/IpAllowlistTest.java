package dev.kcapitokens.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAllowlistTest {

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
            "10.0.0.0/8,        10.1.2.3,         true",
            "10.0.0.0/8,        11.1.2.3,         false",
            "192.168.1.7,       192.168.1.7,      true",
            "192.168.1.7,       192.168.1.8,      false",
            "192.168.1.0/25,    192.168.1.127,    true",
            "192.168.1.0/25,    192.168.1.128,    false",
            "0.0.0.0/0,         203.0.113.9,      true",
            "0.0.0.0/0,         2001:db8::1,      false",
            "2001:db8::/32,     2001:db8:1::5,    true",
            "2001:db8::/32,     2001:db9::5,      false",
            "2001:db8::1,       2001:0db8:0:0:0:0:0:1, true",
            "::/0,              2001:db8::1,      true",
            "10.0.0.0/8,        ::ffff:10.9.9.9,  true",
            "10.0.0.0/8,        not-an-address,   false",
            "10.0.0.0/8,        '',               false"})
    void matches(String entry, String address, boolean allowed) {
        assertEquals(allowed, IpAllowlist.allows(List.of(entry), address));
    }

    @Test
    void emptyListAllowsAnyAddress() {
        assertTrue(IpAllowlist.allows(List.of(), "203.0.113.9"));
    }

    @Test
    void anyEntryMayMatch() {
        List<String> entries = List.of("10.0.0.0/8", "2001:db8::/32");
        assertTrue(IpAllowlist.allows(entries, "2001:db8::7"));
        assertTrue(IpAllowlist.allows(entries, "10.7.7.7"));
        assertFalse(IpAllowlist.allows(entries, "172.16.0.1"));
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "                    | 10.0.0.0/8             | true",
            "                    |                        | true",
            "10.0.0.0/8          |                        | false",
            "10.0.0.0/8          | 10.1.0.0/16            | true",
            "10.0.0.0/8          | 10.1.2.3               | true",
            "10.0.0.0/8          | 11.0.0.0/16            | false",
            "10.1.0.0/16         | 10.0.0.0/8             | false",
            "10.0.0.0/8 2001:db8::/32 | 2001:db8:1::/48 10.9.9.9 | true",
            "10.0.0.0/8          | 10.1.0.0/16 192.0.2.1  | false",
            "2001:db8::/32       | 10.0.0.1               | false"})
    void coversNarrowerAllowlists(String outer, String inner, boolean covered) {
        assertEquals(covered, IpAllowlist.covers(list(outer), list(inner)));
    }

    private static List<String> list(String entries) {
        return entries == null || entries.isBlank() ? List.of() : List.of(entries.trim().split(" +"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.256", "10.0.0.1/33", "10.0.0.1/", "10.0.0.1/-1", "010.0.0.1",
            "2001:db8::/129", "2001:db8:::1", "example.org", "localhost", "1.2.3.4 5", "fe80::1%eth0", ".1::", "10.0.0.0/8/8"})
    void rejectsWhatIsNotAnAddressOrRange(String entry) {
        assertTrue(IpAllowlist.validate(entry).isPresent(), entry);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10.1.2.3/8,                 10.0.0.0/8",
            "192.168.1.7,                192.168.1.7",
            "192.168.1.7/32,             192.168.1.7",
            "2001:0DB8:0000:0000::1,     2001:db8::1",
            "2001:db8:0:0:1:0:0:1/128,   2001:db8::1:0:0:1",
            "2001:db8:abcd::/32,         2001:db8::/32",
            "' 10.0.0.0/8 ',             10.0.0.0/8"})
    void normalizes(String entry, String normalized) {
        assertEquals(normalized, IpAllowlist.normalize(entry));
    }
}
