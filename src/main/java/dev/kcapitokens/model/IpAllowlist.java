package dev.kcapitokens.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * IP allowlist entries: single IPv4/IPv6 addresses or CIDR ranges. Pure functions, no Keycloak types.
 *
 * <p>Parsing never touches DNS: IPv4 is parsed by hand, and only strings made of hex digits, colons and dots reach
 * {@link InetAddress#getByName}, which treats them as literals.
 */
public final class IpAllowlist {

    public static final int MAX_ENTRIES = 64;

    private IpAllowlist() {
    }

    /** A parsed entry: network address bytes plus prefix length. */
    record Range(byte[] network, int prefix) {

        boolean covers(Range other) {
            return prefix <= other.prefix() && contains(other.network());
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefix % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - remainingBits)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    /** @return an error message when the entry is not an address or CIDR range */
    public static Optional<String> validate(String entry) {
        return parse(entry).isPresent() ? Optional.empty() : Optional.of("must be an IPv4 or IPv6 address or CIDR range");
    }

    /** Canonical text of a valid entry: host bits cleared, IPv6 compressed the JDK way, prefix kept only for ranges. */
    public static String normalize(String entry) {
        Range range = parse(entry).orElseThrow(() -> new IllegalArgumentException("not an address or CIDR range"));
        String address = toText(range.network());
        int fullLength = range.network().length * 8;
        return range.prefix() == fullLength ? address : address + "/" + range.prefix();
    }

    /** Whether the client address is allowed; an empty list allows every address, an unparseable address none. */
    public static boolean allows(List<String> entries, String clientAddress) {
        if (entries == null || entries.isEmpty()) {
            return true;
        }
        Optional<byte[]> address = parseAddress(clientAddress);
        if (address.isEmpty()) {
            return false;
        }
        for (String entry : entries) {
            Optional<Range> range = parse(entry);
            if (range.isPresent() && range.get().contains(address.get())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every address {@code inner} allows is also allowed by {@code outer}: each inner range lies inside some
     * outer range. An empty list allows any address, so only an empty {@code outer} covers an empty {@code inner}.
     */
    public static boolean covers(List<String> outer, List<String> inner) {
        if (outer == null || outer.isEmpty()) {
            return true;
        }
        if (inner == null || inner.isEmpty()) {
            return false;
        }
        for (String entry : inner) {
            Optional<Range> range = parse(entry);
            if (range.isEmpty() || outer.stream().map(IpAllowlist::parse).flatMap(Optional::stream).noneMatch(o -> o.covers(range.get()))) {
                return false;
            }
        }
        return true;
    }

    static Optional<Range> parse(String entry) {
        if (entry == null) {
            return Optional.empty();
        }
        String text = entry.trim();
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        Optional<byte[]> address = parseAddress(addressText);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (prefixText.isEmpty() || prefixText.length() > 3 || !prefixText.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Range(clearHostBits(address.get(), prefix), prefix));
    }

    static Optional<byte[]> parseAddress(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0) {
            return parseIpv4(text);
        }
        if (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = Character.digit(c, 16) >= 0 || c == ':' || c == '.';
            if (!allowed) {
                return Optional.empty();
            }
        }
        try {
            // starts with a hex digit or ':' and contains ':', so the JDK parses it as an IPv6 literal (an IPv4-mapped
            // one comes back as IPv4) or throws: no name lookup happens
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return Optional.of(bytes);
    }

    private static byte[] clearHostBits(byte[] address, int prefix) {
        byte[] network = address.clone();
        for (int bit = prefix; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(1 << (7 - bit % 8));
        }
        return network;
    }

    private static String toText(byte[] address) {
        try {
            String text = InetAddress.getByAddress(address).getHostAddress();
            return address.length == 16 ? compressIpv6(text) : text;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK prints {@code 2001:db8:0:0:0:0:0:1}; compress the longest zero run to {@code ::} (RFC 5952). */
    private static String compressIpv6(String full) {
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < groups.length; ) {
            if (groups[i].equals("0")) {
                int j = i;
                while (j < groups.length && groups[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLength && j - i > 1) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
        return head + "::" + tail;
    }
}
