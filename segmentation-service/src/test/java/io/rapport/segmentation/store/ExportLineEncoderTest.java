package io.rapport.segmentation.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoClientSettings;
import io.rapport.segmentation.api.SegmentResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonWriter;
import org.bson.RawBsonDocument;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The export's lines, written from raw BSON ({@link ExportLineEncoder}), are byte for byte what the
 * export wrote before: each row decoded into {@link ExportRow} and printed by Commons CSV or written by
 * Jackson (the reference).
 */
class ExportLineEncoderTest {
    private static final List<String> COLUMNS = SegmentResource.EXPORT_COLUMNS;
    private static final CodecRegistry REGISTRY = MongoClientSettings.getDefaultCodecRegistry();
    private static final JsonFactory JSON = new ObjectMapper().getFactory();
    /** Characters that CSV quoting or JSON escaping treat specially, and multi-byte UTF-8. */
    private static final String[] PIECES = {
        "a",
        "Z",
        "7",
        " ",
        "\"",
        ",",
        "\n",
        "\r",
        "\t",
        "\b",
        "\f",
        "\u0000",
        "\u0001",
        "\u001f",
        "\\",
        "#",
        "!",
        "-",
        "'",
        "é",
        "€",
        "中",
        "\uD83D\uDE00",
        "\u2028",
        "\u007f",
        "\u00a0",
        "abc",
        "Food, \"Fresh\""
    };

    @ParameterizedTest
    @EnumSource(ExportLineEncoder.Format.class)
    void awkwardValuesAreEncodedAsTheExportAlwaysEncodedThem(ExportLineEncoder.Format format) {
        String at = "2026-03-12T11:20:03.512Z";
        long millis = Instant.parse(at).toEpochMilli();
        byte[] row = document(w -> {
            w.writeString("accountId", "acc-1");
            w.writeDouble("score", 0.1);
            w.writeString("band", "Food, \"Fresh\"\nDelivery\r\n");
            w.writeString("lifecycle", " leading space");
            w.writeDouble("predictedValue", 1234567.895);
            w.writeString("valueTier", "");
            w.writeDateTime("lastActivity", millis);
            w.writeString("industry", "Café 中文 \uD83D\uDE00 \\ \t\u0001");
            w.writeNull("region");
            // tier missing
            w.writeString("owningTeam", "#north");
            w.writeDateTime("since", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
            w.writeInt64("definitionVersion", 3L);
        });
        String line = encode(format, row);
        if (format == ExportLineEncoder.Format.CSV) {
            assertThat(line)
                    .isEqualTo("acc-1,0.1,\"Food, \"\"Fresh\"\"\nDelivery\r\n\",\" leading space\",1234567.895,," + at
                            + ",\"Café 中文 \uD83D\uDE00 \\ \t\u0001\",,,\"#north\",2026-01-01T00:00:00Z,3\n");
        } else {
            assertThat(line)
                    .isEqualTo(
                            "{\"accountId\":\"acc-1\",\"score\":0.1,\"band\":\"Food, \\\"Fresh\\\"\\nDelivery\\r\\n\","
                                    + "\"lifecycle\":\" leading space\",\"predictedValue\":1234567.895,\"valueTier\":\"\","
                                    + "\"lastActivity\":\"" + at
                                    + "\",\"industry\":\"Café 中文 \uD83D\uDE00 \\\\ \\t\\u0001\","
                                    + "\"owningTeam\":\"#north\",\"since\":\"2026-01-01T00:00:00Z\",\"definitionVersion\":3.0}\n");
        }
        assertThat(line).isEqualTo(reference(format, row));
    }

    @ParameterizedTest
    @EnumSource(ExportLineEncoder.Format.class)
    void numbersDatesAndRareTypesAreEncodedAsTheExportAlwaysEncodedThem(ExportLineEncoder.Format format) {
        byte[] numbers = document(w -> {
            w.writeInt32("score", -7);
            w.writeDouble("predictedValue", 1e-5);
            w.writeDouble("lastActivity", Double.NaN);
            w.writeInt64("since", Long.MIN_VALUE);
            w.writeDouble("tier", 1e7);
            w.writeDouble("region", -0.0);
            w.writeDateTime("industry", -62_135_596_800_001L); // before the year 1
            w.writeDateTime("band", 253_402_300_800_000L); // after 9999
            w.writeDateTime("owningTeam", 0L);
            w.writeString("accountId", "");
        });
        assertThat(encode(format, numbers)).isEqualTo(reference(format, numbers));
        if (format == ExportLineEncoder.Format.CSV) {
            assertThat(encode(format, numbers))
                    .isEqualTo("\"\",-7,+10000-01-01T00:00:00Z,,1.0E-5,,NaN,0000-12-31T23:59:59.999Z,-0.0,1.0E7,"
                            + "1970-01-01T00:00:00Z,-9223372036854775808,\n");
        }
        // decimal, boolean, object id and a sub-document go through the reference
        byte[] rare = document(w -> {
            w.writeString("accountId", "acc-2");
            w.writeDecimal128("predictedValue", Decimal128.parse("1234.50"));
            w.writeBoolean("band", true);
            w.writeObjectId("tier", new ObjectId("65f0a0a0a0a0a0a0a0a0a0a0"));
            w.writeStartDocument("region");
            w.writeString("name", "DACH, \"north\"");
            w.writeEndDocument();
        });
        assertThat(encode(format, rare)).isEqualTo(reference(format, rare));
        assertThat(encode(format, rare)).contains("1234.5").contains("65f0a0a0a0a0a0a0a0a0a0a0");
    }

    @ParameterizedTest
    @EnumSource(ExportLineEncoder.Format.class)
    void malformedUtf8IsReplacedAsTheDriversStringWouldBe(ExportLineEncoder.Format format) {
        byte[] row = document(w -> w.writeString("accountId", "ab\u00e9cd"));
        // é is C3 A9: make it a lone continuation byte and a truncated sequence
        for (int i = 0; i < row.length - 1; i++) {
            if (row[i] == (byte) 0xC3 && row[i + 1] == (byte) 0xA9) {
                row[i] = (byte) 0xA9;
                row[i + 1] = (byte) 0xE2;
            }
        }
        assertThat(encode(format, row)).isEqualTo(reference(format, row)).contains("\uFFFD");
    }

    @ParameterizedTest
    @EnumSource(ExportLineEncoder.Format.class)
    void randomRowsAreEncodedAsTheReferenceEncodesThem(ExportLineEncoder.Format format) {
        SplittableRandom random = new SplittableRandom(20261202);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportLineEncoder encoder = new ExportLineEncoder(format, COLUMNS, JSON, REGISTRY, out);
        for (int n = 0; n < 20_000; n++) {
            byte[] row = randomRow(random);
            String expected = reference(format, row);
            assertThat(encode(encoder, out, row)).as("row %d: %s", n, expected).isEqualTo(expected);
        }
    }

    private static byte[] randomRow(SplittableRandom random) {
        List<String> fields = new ArrayList<>(COLUMNS);
        fields.add("confirmedVersion");
        fields.add("segmentId");
        java.util.Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        boolean rare = random.nextInt(20) == 0;
        return document(w -> {
            for (String field : fields) {
                int kind = random.nextInt(rare ? 10 : 8);
                if (kind == 0) continue; // missing
                w.writeName(field);
                switch (kind) {
                    case 1 -> w.writeNull();
                    case 2, 3 -> w.writeString(randomString(random));
                    case 4 -> w.writeDouble(randomDouble(random));
                    case 5 -> w.writeInt32(random.nextInt(4) == 0 ? Integer.MIN_VALUE : random.nextInt());
                    case 6 -> w.writeInt64(random.nextBoolean() ? random.nextLong() : random.nextInt(1000));
                    case 7 -> w.writeDateTime(randomMillis(random));
                    case 8 -> w.writeDecimal128(Decimal128.parse(random.nextInt(100_000) + ".0" + random.nextInt(10)));
                    default -> w.writeBoolean(random.nextBoolean());
                }
            }
            if (random.nextInt(10) == 0) {
                // a repeated field: the last one counts
                w.writeString("band", randomString(random));
            }
        });
    }

    private static String randomString(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(7); i > 0; i--) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return s.toString();
    }

    private static double randomDouble(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 ->
                new double[] {
                            0.0,
                            -0.0,
                            0.1,
                            1e-3,
                            9.99e-4,
                            1e7,
                            9_999_999.99,
                            Double.NaN,
                            Double.POSITIVE_INFINITY,
                            Double.NEGATIVE_INFINITY,
                            Double.MIN_VALUE,
                            Double.MAX_VALUE
                        }
                        [random.nextInt(12)];
            case 1 -> Math.round(random.nextDouble() * 1000) / 10.0;
            case 2 -> Math.round(random.nextDouble() * 100_000_00) / 100.0;
            case 3 -> -random.nextDouble() * 1e9;
            case 4 -> Double.longBitsToDouble(random.nextLong());
            default -> random.nextDouble();
        };
    }

    private static long randomMillis(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextLong(-100_000_000_000_000L, 300_000_000_000_000L);
            case 1 -> random.nextLong(0, 4_102_444_800_000L) / 1000 * 1000; // whole seconds
            case 2 -> random.nextLong(-30_610_224_000_000L - 86_400_000L, -30_610_224_000_000L + 86_400_000L);
            default -> random.nextLong(0, 4_102_444_800_000L);
        };
    }

    private static byte[] document(Consumer<BsonWriter> fields) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            fields.accept(writer);
            writer.writeEndDocument();
        }
        return buffer.toByteArray();
    }

    private static String encode(ExportLineEncoder.Format format, byte[] row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return encode(new ExportLineEncoder(format, COLUMNS, JSON, REGISTRY, out), out, row);
    }

    private static String encode(ExportLineEncoder encoder, ByteArrayOutputStream out, byte[] row) {
        // the document inside a larger array, as the driver's copy of a cursor batch's document can be
        byte[] padded = new byte[row.length + 7];
        System.arraycopy(row, 0, padded, 3, row.length);
        try {
            encoder.write(new RawBsonDocument(padded, 3, row.length));
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String line = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return line;
    }

    private static String reference(ExportLineEncoder.Format format, byte[] row) {
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(row))) {
            ExportRow decoded = new ExportRow.RowCodec(COLUMNS, REGISTRY)
                    .decode(reader, DecoderContext.builder().build());
            return new String(
                    ExportLineEncoder.reference(format, decoded, COLUMNS.size(), COLUMNS, JSON),
                    StandardCharsets.UTF_8);
        }
    }
}
