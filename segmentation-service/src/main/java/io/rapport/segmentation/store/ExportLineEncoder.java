package io.rapport.segmentation.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.bson.BsonBinaryReader;
import org.bson.RawBsonDocument;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * Writes each exported membership from its raw BSON bytes straight into its line of the export (CSV or
 * NDJSON, UTF-8, line break included), into a buffer handed to the response in large writes: no
 * {@code String} per field name or value, no {@code Date}, no CSV printer or JSON generator per value.
 * The common types (string, double, int32, int64, date, null) are encoded from the bytes; a row holding any other type in an exported column (decimal, boolean,
 * object id, sub-document, …) goes through {@link #reference}, the encoding the export had before:
 * {@link ExportRow} values printed by Commons CSV or written by Jackson. Both produce the same bytes
 * ({@code ExportLineEncoderTest} compares them on random awkward rows).
 *
 * <p>One instance per export, used by one thread: the one writing the response, while the cursor's
 * reader (ReadAheadRows) only receives raw documents, so the store produces the next batch meanwhile.
 */
public final class ExportLineEncoder implements Flushable {
    /** Lines are handed to the response once this many bytes are waiting. */
    static final int WRITE_SIZE = 1 << 16;

    public enum Format {
        CSV,
        NDJSON
    }

    /** The CSV dialect of the export: Commons CSV's default with "\n" between records. */
    public static final CSVFormat CSV_FORMAT =
            CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private static final byte DOUBLE = 0x01;
    private static final byte STRING = 0x02;
    private static final byte DATE_TIME = 0x09;
    private static final byte NULL = 0x0A;
    private static final byte INT32 = 0x10;
    private static final byte INT64 = 0x12;
    /** 1000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: dates formatted here; others by Instant. */
    private static final long MIN_FAST_DATE = -30610224000000L;

    private static final long MAX_FAST_DATE = 253402300799999L;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final Format format;
    private final List<String> columns;
    private final byte[][] names;
    private final byte[][] jsonKeys;
    private final JsonFactory json;
    private final ExportRow.RowCodec rows;
    private final OutputStream sink;
    // per row: BSON type and value offset of each column (type 0: missing)
    private final byte[] types;
    private final int[] offsets;
    private byte[] out = new byte[WRITE_SIZE + 4096];
    private int len;

    /**
     * @param registry decodes the rarer types as the driver's Document codec does (reference rows)
     * @param sink where the lines go, in writes of about {@link #WRITE_SIZE} bytes
     */
    public ExportLineEncoder(
            Format format, List<String> columns, JsonFactory json, CodecRegistry registry, OutputStream sink) {
        this.format = format;
        this.columns = List.copyOf(columns);
        this.names = new byte[columns.size()][];
        this.jsonKeys = new byte[columns.size()][];
        for (int i = 0; i < columns.size(); i++) {
            names[i] = columns.get(i).getBytes(StandardCharsets.UTF_8);
            // the column names are plain identifiers: nothing to escape
            jsonKeys[i] = ("\"" + columns.get(i) + "\":").getBytes(StandardCharsets.UTF_8);
        }
        this.json = json;
        this.rows = new ExportRow.RowCodec(columns, registry);
        this.types = new byte[columns.size()];
        this.offsets = new int[columns.size()];
        this.sink = sink;
    }

    /** The first line of a CSV export (none for NDJSON). */
    public void header() {
        if (format == Format.CSV) {
            byte[] header = (String.join(",", columns) + "\n").getBytes(StandardCharsets.UTF_8);
            put(header, 0, header.length);
        }
    }

    /** Adds the row's line; hands the lines waiting to the sink once there are enough of them. */
    public void write(RawBsonDocument row) throws IOException {
        ByteBuffer buffer = row.getByteBuffer().asNIO();
        encode(buffer.array(), buffer.arrayOffset() + buffer.position(), row);
        if (len >= WRITE_SIZE) {
            flushBuffer();
        }
    }

    /** Hands every line waiting to the sink and flushes it. */
    @Override
    public void flush() throws IOException {
        flushBuffer();
        sink.flush();
    }

    private void flushBuffer() throws IOException {
        if (len > 0) {
            sink.write(out, 0, len);
            len = 0;
        }
    }

    private void encode(byte[] b, int start, RawBsonDocument document) {
        Arrays.fill(types, (byte) 0);
        int end = start + int32(b, start) - 1; // the document's trailing 0
        int p = start + 4;
        while (p < end) {
            byte type = b[p++];
            int nameStart = p;
            while (b[p] != 0) p++;
            int column = column(b, nameStart, p - nameStart);
            p++;
            int size = valueSize(type, b, p);
            if (size < 0) {
                reference(document);
                return;
            }
            if (column >= 0) {
                if (type != DOUBLE
                        && type != STRING
                        && type != DATE_TIME
                        && type != NULL
                        && type != INT32
                        && type != INT64) {
                    reference(document);
                    return;
                }
                // a repeated field: the last one counts, as in the decoded row
                types[column] = type;
                offsets[column] = p;
            }
            p += size;
        }
        if (format == Format.CSV) {
            csvRow(b);
        } else {
            jsonRow(b);
        }
    }

    private void csvRow(byte[] b) {
        for (int i = 0; i < types.length; i++) {
            if (i > 0) put((byte) ',');
            int at = offsets[i];
            switch (types[i]) {
                case STRING -> csvString(b, at + 4, int32(b, at) - 1, i == 0);
                case DOUBLE -> putAscii(Double.toString(Double.longBitsToDouble(int64(b, at))));
                case INT32 -> putAscii(Integer.toString(int32(b, at)));
                case INT64 -> putAscii(Long.toString(int64(b, at)));
                case DATE_TIME -> date(int64(b, at));
                default -> {
                    // missing or null: an empty field, unquoted even first on the line (Commons CSV)
                }
            }
        }
        put((byte) '\n');
    }

    /** Commons CSV's minimal quoting (CSVFormat.printWithQuotes, QuoteMode.MINIMAL), on UTF-8 bytes. */
    private void csvString(byte[] b, int from, int n, boolean first) {
        if (n == 0) {
            // an empty value first on the line is quoted, or the line would read as empty
            if (first) {
                put((byte) '"');
                put((byte) '"');
            }
            return;
        }
        if (!ascii(b, from, n)) {
            // what the driver's String and the UTF-8 writer make of it (malformed bytes become U+FFFD)
            byte[] utf8 = new String(b, from, n, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            b = utf8;
            from = 0;
            n = utf8.length;
        }
        // Every byte of a multi-byte UTF-8 sequence is >= 0x80: the byte tests below are the char tests.
        boolean quote = (b[from] & 0xFF) <= '#' || (b[from + n - 1] & 0xFF) <= ' ';
        for (int i = from, to = from + n; !quote && i < to; i++) {
            byte c = b[i];
            quote = c == '\n' || c == '\r' || c == '"' || c == ',';
        }
        if (!quote) {
            put(b, from, n);
            return;
        }
        put((byte) '"');
        for (int i = from, to = from + n; i < to; i++) {
            if (b[i] == '"') put((byte) '"');
            put(b[i]);
        }
        put((byte) '"');
    }

    private void jsonRow(byte[] b) {
        put((byte) '{');
        boolean first = true;
        for (int i = 0; i < types.length; i++) {
            byte type = types[i];
            if (type == 0 || type == NULL) continue; // Jackson's writer left those out
            if (!first) put((byte) ',');
            first = false;
            put(jsonKeys[i], 0, jsonKeys[i].length);
            int at = offsets[i];
            switch (type) {
                case STRING -> jsonString(b, at + 4, int32(b, at) - 1);
                case DOUBLE -> jsonDouble(Double.longBitsToDouble(int64(b, at)));
                case INT32 -> putAscii(Integer.toString(int32(b, at)));
                // written as a double, as the export always has (JsonGenerator.writeNumber(double))
                case INT64 -> jsonDouble((double) int64(b, at));
                default -> {
                    put((byte) '"');
                    date(int64(b, at));
                    put((byte) '"');
                }
            }
        }
        put((byte) '}');
        put((byte) '\n');
    }

    private void jsonDouble(double d) {
        if (Double.isFinite(d)) {
            putAscii(Double.toString(d));
        } else {
            // Jackson quotes NaN and the infinities (QUOTE_NON_NUMERIC_NUMBERS)
            put((byte) '"');
            putAscii(Double.toString(d));
            put((byte) '"');
        }
    }

    /** Jackson's escaping: '"', '\\' and the control characters; all else as is (UTF-8). */
    private void jsonString(byte[] b, int from, int n) {
        if (!ascii(b, from, n)) {
            byte[] utf8 = new String(b, from, n, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            b = utf8;
            from = 0;
            n = utf8.length;
        }
        put((byte) '"');
        int run = from;
        for (int i = from, to = from + n; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            put(b, run, i - run);
            run = i + 1;
            put((byte) '\\');
            switch (c) {
                case '"' -> put((byte) '"');
                case '\\' -> put((byte) '\\');
                case '\b' -> put((byte) 'b');
                case '\t' -> put((byte) 't');
                case '\f' -> put((byte) 'f');
                case '\n' -> put((byte) 'n');
                case '\r' -> put((byte) 'r');
                default -> {
                    put((byte) 'u');
                    put((byte) '0');
                    put((byte) '0');
                    put(HEX[c >> 4]);
                    put(HEX[c & 0xF]);
                }
            }
        }
        put(b, run, from + n - run);
        put((byte) '"');
    }

    /** Instant.toString of the milliseconds (ISO_INSTANT: seconds always, millis when not zero). */
    private void date(long millis) {
        if (millis < MIN_FAST_DATE || millis > MAX_FAST_DATE) {
            putAscii(Instant.ofEpochMilli(millis).toString());
            return;
        }
        long seconds = Math.floorDiv(millis, 1000);
        int milli = (int) Math.floorMod(millis, 1000);
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        // civil date from days since the epoch (H. Hinnant, "chrono-compatible low-level date algorithms")
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        digits(year, 4);
        put((byte) '-');
        digits(month, 2);
        put((byte) '-');
        digits(day, 2);
        put((byte) 'T');
        digits(secondOfDay / 3600, 2);
        put((byte) ':');
        digits(secondOfDay / 60 % 60, 2);
        put((byte) ':');
        digits(secondOfDay % 60, 2);
        if (milli != 0) {
            put((byte) '.');
            digits(milli, 3);
        }
        put((byte) 'Z');
    }

    private void digits(int value, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            out[len + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        len += width;
    }

    /**
     * The row as the export encoded it before this encoder: decoded into {@link ExportRow} (types as the
     * driver's Document codec decodes them), printed by Commons CSV or written by Jackson.
     */
    private void reference(RawBsonDocument document) {
        try (BsonBinaryReader reader =
                new BsonBinaryReader(document.getByteBuffer().asNIO())) {
            ExportRow row = rows.decode(reader, DecoderContext.builder().build());
            byte[] line = reference(format, row, columns.size(), columns, json);
            put(line, 0, line.length);
        }
    }

    static byte[] reference(Format format, ExportRow row, int width, List<String> columns, JsonFactory json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            if (format == Format.CSV) {
                Object[] record = new Object[width];
                for (int i = 0; i < width; i++) {
                    record[i] = value(row.get(i));
                }
                new CSVPrinter(writer, CSV_FORMAT).printRecord(record);
            } else {
                JsonGenerator generator = json.createGenerator(writer);
                generator.setRootValueSeparator(null);
                generator.writeStartObject();
                for (int i = 0; i < width; i++) {
                    Object v = value(row.get(i));
                    if (v != null) {
                        generator.writeFieldName(columns.get(i));
                        if (v instanceof Number n && !(v instanceof Integer)) {
                            generator.writeNumber(n.doubleValue());
                        } else if (v instanceof Integer n) {
                            generator.writeNumber(n);
                        } else {
                            generator.writeString(v.toString());
                        }
                    }
                }
                generator.writeEndObject();
                generator.writeRaw('\n');
                generator.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Object value(Object v) {
        return v instanceof Date date ? date.toInstant().toString() : v;
    }

    private int column(byte[] b, int from, int n) {
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i];
            if (name.length == n && Arrays.equals(name, 0, n, b, from, from + n)) return i;
        }
        return -1;
    }

    /** Size of a BSON value, or -1 for a type this codec does not walk (the row is then decoded). */
    private static int valueSize(byte type, byte[] b, int p) {
        return switch (type) {
            case DOUBLE, DATE_TIME, INT64, 0x11 /* timestamp */ -> 8;
            case STRING, 0x0D /* code */, 0x0E /* symbol */ -> 4 + int32(b, p);
            case 0x03 /* document */, 0x04 /* array */ -> int32(b, p);
            case 0x05 /* binary */ -> 5 + int32(b, p);
            case 0x07 /* object id */ -> 12;
            case 0x08 /* boolean */ -> 1;
            case NULL, 0x06 /* undefined */, (byte) 0xFF /* min key */, 0x7F /* max key */ -> 0;
            case INT32 -> 4;
            case 0x13 /* decimal128 */ -> 16;
            default -> -1;
        };
    }

    private static boolean ascii(byte[] b, int from, int n) {
        for (int i = from, to = from + n; i < to; i++) {
            if (b[i] < 0) return false;
        }
        return true;
    }

    private void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            out[len++] = (byte) s.charAt(i);
        }
    }

    private void put(byte c) {
        ensure(1);
        out[len++] = c;
    }

    private void put(byte[] b, int from, int n) {
        ensure(n);
        System.arraycopy(b, from, out, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, len + n));
    }

    private static int int32(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    private static long int64(byte[] b, int p) {
        return (int32(b, p) & 0xFFFFFFFFL) | ((long) int32(b, p + 4)) << 32;
    }
}
