package io.rapport.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API key as sent by clients: {@code rk_<keyId>_<secret>}. The key id is public (it names the key
 * in lists and logs); the secret is 256 random bits, stored only as its SHA-256 hash. {@link
 * #toString()} never shows the secret.
 */
public final class ApiKey {
    static final String PREFIX = "rk_";
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{4,64}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String keyId;
    private final String secret;

    private ApiKey(String keyId, String secret) {
        this.keyId = keyId;
        this.secret = secret;
    }

    /** Parses {@code rk_<keyId>_<secret>}; empty when the text is not in that form. */
    public static Optional<ApiKey> parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = text.substring(PREFIX.length());
        int separator = rest.indexOf('_');
        if (separator < 0) {
            return Optional.empty();
        }
        String keyId = rest.substring(0, separator);
        String secret = rest.substring(separator + 1);
        if (!KEY_ID.matcher(keyId).matches() || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiKey(keyId, secret));
    }

    /** A new random key: a 64-bit key id and a 256-bit secret. */
    public static ApiKey generate() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        return new ApiKey(
                HexFormat.of().formatHex(id),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    public String keyId() {
        return keyId;
    }

    /** The full key as the client sends it; show it once, never log it. */
    public String reveal() {
        return PREFIX + keyId + "_" + secret;
    }

    /** SHA-256 of the secret, hex: what the store keeps. */
    public String secretHash() {
        return hash(secret);
    }

    /** Compares the secret's hash with a stored one in constant time. */
    public boolean matches(String storedHash) {
        byte[] expected = storedHash == null ? new byte[32] : HexFormat.of().parseHex(storedHash);
        byte[] actual = HexFormat.of().parseHex(secretHash());
        return MessageDigest.isEqual(expected, actual) && storedHash != null;
    }

    public static String hash(String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + keyId + "_***";
    }
}
