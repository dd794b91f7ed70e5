package dev.kcapitokens.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token secret format and its keyed hash. Pure functions, no Keycloak types.
 *
 * <p>A secret reads {@code kcpat_} + 32 random base62 characters (about 190 bits from a CSPRNG) + a 6-character base62
 * CRC32 of everything before it. The prefix lets secret scanners find tokens; the checksum lets them (and us) reject
 * typos and noise without a database lookup.
 */
public final class TokenSecrets {

    public static final String PREFIX = "kcpat_";
    static final int RANDOM_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;
    static final int HINT_LENGTH = 4;

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final String HMAC = "HmacSHA256";

    private TokenSecrets() {
    }

    public static String generate(SecureRandom random) {
        StringBuilder secret = new StringBuilder(LENGTH).append(PREFIX);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            secret.append(BASE62[random.nextInt(BASE62.length)]);
        }
        return secret.append(checksum(secret)).toString();
    }

    /** Prefix, length, alphabet and checksum: everything that can be checked without a key or a database. */
    public static boolean isWellFormed(String candidate) {
        if (candidate == null || candidate.length() != LENGTH || !candidate.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (base62Value(candidate.charAt(i)) < 0) {
                return false;
            }
        }
        String body = candidate.substring(0, LENGTH - CHECKSUM_LENGTH);
        return checksum(body).equals(candidate.substring(LENGTH - CHECKSUM_LENGTH));
    }

    /** Whether the value looks like one of our secrets at all (used to route introspection). */
    public static boolean hasPrefix(String candidate) {
        return candidate != null && candidate.startsWith(PREFIX);
    }

    public static String hint(String secret) {
        return secret.substring(secret.length() - HINT_LENGTH);
    }

    /** The partial form shown after creation: the prefix and the last four characters. */
    public static String mask(String hint) {
        return PREFIX + "…" + (hint == null ? "" : hint);
    }

    /**
     * HMAC-SHA-256 of the secret, bound to the realm so that a secret of one realm never matches in another.
     *
     * @return base64url without padding (43 characters)
     */
    public static String hash(byte[] key, String realmId, String secret) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update(realmId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] digest = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /** Constant-time comparison of two hashes; {@code null} never matches. */
    public static boolean hashEquals(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }

    static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = BASE62[(int) (value % BASE62.length)];
            value /= BASE62.length;
        }
        return new String(out);
    }

    private static int base62Value(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }
}
