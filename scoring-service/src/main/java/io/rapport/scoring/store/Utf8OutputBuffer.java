package io.rapport.scoring.store;

import java.nio.charset.StandardCharsets;
import org.bson.io.BasicOutputBuffer;

/**
 * A BSON output buffer that writes a string's UTF-8 bytes in one copy. The driver's buffer encodes strings
 * one character at a time, each through a bounds-checked {@code ByteBuffer} write: the score event's JSON
 * kept in every state document (a few kilobytes) made that 8% of the service's CPU with 100,000 accounts
 * (JFR). Strings holding surrogate characters take the driver's path, which encodes an unpaired surrogate
 * differently from {@link String#getBytes}; so do names containing NUL, which the driver refuses.
 */
final class Utf8OutputBuffer extends BasicOutputBuffer {

    Utf8OutputBuffer(int initialSize) {
        super(initialSize);
    }

    @Override
    protected int writeCharacters(String str, boolean checkForNullCharacters) {
        for (int i = 0; i < str.length(); i++) {
            char c = str.charAt(i);
            if (Character.isSurrogate(c) || (checkForNullCharacters && c == 0)) {
                return super.writeCharacters(str, checkForNullCharacters);
            }
        }
        byte[] bytes = str.getBytes(StandardCharsets.UTF_8);
        writeBytes(bytes);
        write(0);
        return bytes.length + 1;
    }
}
