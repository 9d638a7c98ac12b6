package io.rapport.bulkimport;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of an input file, each with the lines it came from: an NDJSON line is sent as it is (the
 * service parses and validates it); a CSV row, which may span lines inside quotes, is mapped to JSON by
 * {@link CsvEventMapper}, or carries the reason it could not be. Blank lines are skipped.
 */
final class ImportSource implements Closeable {
    /** A CSV record longer than this is rejected whole: the service refuses longer lines anyway. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    /** Input formats. */
    enum Format {
        CSV,
        NDJSON;

        /** The format a file name suggests: {@code .csv} or {@code .tsv}, else NDJSON. */
        static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".csv") || name.endsWith(".tsv") ? CSV : NDJSON;
        }
    }

    /**
     * One record: the lines it spans, its text as in the file, and the event as one line of JSON, or
     * the problems that kept it from becoming one.
     */
    record SourceRecord(long firstLine, long lastLine, String input, String json, List<String> problems) {}

    /** How CSV files are read: the delimiter, the column renames and the constant fields. */
    record CsvSettings(char delimiter, Map<String, String> renames, Map<String, String> constants) {}

    private final Format format;
    private final PhysicalLines lines;
    private final CSVFormat csvFormat;
    private final CsvEventMapper mapper;

    private ImportSource(Format format, PhysicalLines lines, CSVFormat csvFormat, CsvEventMapper mapper) {
        this.format = format;
        this.lines = lines;
        this.csvFormat = csvFormat;
        this.mapper = mapper;
    }

    /**
     * Opens {@code file} from its start, or from a checkpoint's position ({@code checkpoint} non-null).
     * For CSV the header is read from the first record either way.
     *
     * @throws IllegalArgumentException for a CSV header that does not fit the contracts
     * @throws PhysicalLines.ChangedFileException when the file is not the one the checkpoint was for
     */
    static ImportSource open(Path file, Format format, CsvSettings csv, Checkpoint checkpoint) throws IOException {
        if (format == Format.NDJSON) {
            return new ImportSource(format, position(file, checkpoint), null, null);
        }
        CSVFormat csvFormat =
                CSVFormat.RFC4180.builder().setDelimiter(csv.delimiter()).get();
        List<String> header;
        PhysicalLines fromStart = PhysicalLines.open(file);
        try {
            header = readHeader(fromStart, csvFormat);
        } catch (IOException | RuntimeException e) {
            fromStart.close();
            throw e;
        }
        CsvEventMapper mapper = new CsvEventMapper(header, csv.renames(), csv.constants());
        if (checkpoint == null) {
            return new ImportSource(format, fromStart, csvFormat, mapper);
        }
        fromStart.close();
        return new ImportSource(format, position(file, checkpoint), csvFormat, mapper);
    }

    private static PhysicalLines position(Path file, Checkpoint checkpoint) throws IOException {
        return checkpoint == null
                ? PhysicalLines.open(file)
                : PhysicalLines.resume(file, checkpoint.offset(), checkpoint.nextLine(), checkpoint.prefixSha256());
    }

    private static List<String> readHeader(PhysicalLines lines, CSVFormat format) throws IOException {
        RawRecord raw;
        do {
            raw = RawRecord.read(lines, true);
        } while (raw != null && raw.text().isBlank());
        if (raw == null) {
            throw new IllegalArgumentException("the CSV file has no header row");
        }
        if (!raw.complete()) {
            throw new IllegalArgumentException("the CSV header has an unterminated quoted field");
        }
        return parse(raw.text(), format);
    }

    /** The next record, or null at the end of the file. */
    SourceRecord next() throws IOException {
        RawRecord raw;
        do {
            raw = RawRecord.read(lines, format == Format.CSV);
        } while (raw != null && raw.text().isBlank());
        if (raw == null) {
            return null;
        }
        if (format == Format.NDJSON) {
            return new SourceRecord(raw.firstLine(), raw.lastLine(), raw.text(), raw.text(), List.of());
        }
        if (!raw.complete()) {
            return rejected(
                    raw,
                    "unterminated quoted field: no closing quote "
                            + (raw.text().length() >= MAX_RECORD_CHARS
                                    ? "within " + MAX_RECORD_CHARS + " characters"
                                    : "before the end of the file"));
        }
        List<String> cells;
        try {
            cells = parse(raw.text(), csvFormat);
        } catch (IllegalArgumentException e) {
            return rejected(raw, e.getMessage());
        }
        CsvEventMapper.Mapped mapped = mapper.map(cells);
        return new SourceRecord(raw.firstLine(), raw.lastLine(), raw.text(), mapped.json(), mapped.problems());
    }

    private static SourceRecord rejected(RawRecord raw, String problem) {
        return new SourceRecord(raw.firstLine(), raw.lastLine(), raw.text(), null, List.of(problem));
    }

    private static List<String> parse(String text, CSVFormat format) {
        try (CSVParser parser = CSVParser.parse(text, format)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new IllegalArgumentException("not one CSV record");
            }
            return records.get(0).toList();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException("not valid CSV: " + e.getMessage());
        }
    }

    /** Offset just after the last record read (a line boundary). */
    long offset() {
        return lines.offset();
    }

    /** Number of the line after the last record read. */
    long nextLineNumber() {
        return lines.nextLineNumber();
    }

    /** SHA-256 of the file up to {@link #offset()}. */
    String prefixSha256() {
        return lines.prefixSha256();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    /**
     * The lines of one record. A CSV record goes on while a quoted field is open (an odd number of
     * quote characters so far: RFC 4180 escapes a quote by doubling it); NDJSON records are one line.
     */
    private record RawRecord(long firstLine, long lastLine, String text, boolean complete) {
        static RawRecord read(PhysicalLines lines, boolean csv) throws IOException {
            PhysicalLines.Line line = lines.next();
            if (line == null) {
                return null;
            }
            StringBuilder text = new StringBuilder(line.text());
            long last = line.number();
            long quotes = csv ? quotes(line.text()) : 0;
            while (quotes % 2 == 1 && text.length() < MAX_RECORD_CHARS) {
                PhysicalLines.Line more = lines.next();
                if (more == null) {
                    break;
                }
                text.append('\n').append(more.text());
                last = more.number();
                quotes += quotes(more.text());
            }
            return new RawRecord(line.number(), last, text.toString(), quotes % 2 == 0);
        }

        private static long quotes(String text) {
            return text.chars().filter(c -> c == '"').count();
        }
    }
}
