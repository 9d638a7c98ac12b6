package io.rapport.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The local stack's admin API key ({@code rk_<keyId>_<secret>}): made once per data directory and kept
 * there, so it stays the same across restarts. The services receive it as their bootstrap admin key.
 */
final class LocalAdminKey {
    private LocalAdminKey() {}

    static String loadOrCreate(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String key = "rk_localadmin_" + HexFormat.of().formatHex(secret);
            Files.createDirectories(file.getParent());
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write the local admin key in " + file, e);
        }
    }
}
