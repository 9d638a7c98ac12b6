package io.rapport.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bson.BsonBinaryWriter;
import org.bson.BsonSerializationException;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

/** Documents written through the one-copy string path are byte for byte what the driver's buffer writes. */
class Utf8OutputBufferTest {
    private static final List<String> AWKWARD = List.of(
            "",
            "plain ascii",
            "café, Zürich, naïve",
            "数据驱动的客户关系",
            "emoji \uD83D\uDE80 and \uD83D\uDC4D",
            "unpaired high \uD83D here",
            "unpaired low \uDE80 here",
            "a NUL \u0000 inside a value",
            "{\"score\": 63.5, \"why\": [\"band healthy -> watch\", \"€ 1,200.00\"]}".repeat(60));

    @Test
    void awkwardStringsAreWrittenExactlyAsTheDriverWritesThem() {
        for (String value : AWKWARD) {
            String name = value.replace("\u0000", "");
            assertThat(write(new Utf8OutputBuffer(16), name, value))
                    .as(value)
                    .isEqualTo(write(new BasicOutputBuffer(16), name, value));
        }
    }

    @Test
    void randomStringsAreWrittenExactlyAsTheDriverWritesThem() {
        Random random = new Random(3);
        for (int i = 0; i < 5_000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(0x80);
                    case 1 -> (char) random.nextInt(0x800);
                    case 2 -> (char) random.nextInt(0x10000);
                    default -> (char) (0xD800 + random.nextInt(0x800));
                };
            }
            String value = new String(chars);
            String name = "n" + value.replace("\u0000", "");
            assertThat(write(new Utf8OutputBuffer(8), name, value))
                    .as(Arrays.toString(chars))
                    .isEqualTo(write(new BasicOutputBuffer(8), name, value));
        }
    }

    @Test
    void aNameWithNulIsRefusedAsTheDriverRefusesIt() {
        assertThatThrownBy(() -> write(new Utf8OutputBuffer(16), "bad\u0000name", "v"))
                .isInstanceOf(BsonSerializationException.class);
    }

    private static byte[] write(BasicOutputBuffer out, String name, String value) {
        try (BsonBinaryWriter w = new BsonBinaryWriter(out)) {
            w.writeStartDocument();
            w.writeString(name, value);
            w.writeStartArray("list");
            w.writeString(value);
            w.writeEndArray();
            w.writeEndDocument();
        }
        return out.toByteArray();
    }
}
