package io.rapport.alert.domain.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What makes two occurrences the same alert while it is open: account, rule and reason. */
public record AlertIdentity(String accountId, String ruleId, String reasonKey) {

    /** The identity as one string (unique among open alerts). */
    public String key() {
        return accountId + "|" + ruleId + "|" + reasonKey;
    }

    /**
     * A deterministic alert id for the episode that {@code firstCause} opened: the same event
     * replayed yields the same id, a later episode another one.
     */
    public String alertId(String firstCause) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((key() + "|" + firstCause).getBytes(StandardCharsets.UTF_8));
            return "al-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
