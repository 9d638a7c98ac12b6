package io.rapport.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportSourceTest {
    private static final ImportSource.CsvSettings CSV = new ImportSource.CsvSettings(',', Map.of(), Map.of());

    @TempDir
    Path dir;

    @Test
    void theDocumentedExampleFileMapsEveryRowIncludingAQuotedFieldOverTwoLines() throws IOException {
        List<ImportSource.SourceRecord> records =
                readAll(Path.of("examples/crm-activities.csv"), ImportSource.Format.CSV, null);

        assertThat(records)
                .extracting(ImportSource.SourceRecord::problems)
                .allSatisfy(p -> assertThat(p).isEmpty());
        assertThat(records)
                .extracting(ImportSource.SourceRecord::firstLine, ImportSource.SourceRecord::lastLine)
                .containsExactly(tuple(2L, 2L), tuple(3L, 4L), tuple(5L, 5L));
        assertThat(records.get(1).json()).contains("\"subject\":\"Minutes of the review\\n(two lines, quoted)\"");
        assertThat(records.get(2).json()).contains("\"amount\":\"1250.00\"").doesNotContain("contact");
    }

    @Test
    void aSpreadsheetExportWithAByteOrderMarkCrlfAndSemicolonsMaps() throws IOException {
        Path file = dir.resolve("excel.csv");
        Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        Files.writeString(file, "type;eventId;amount\r\norder;e-1;\"1250.00\"\r\n", StandardOpenOption.APPEND);
        ImportSource.CsvSettings semicolons = new ImportSource.CsvSettings(';', Map.of(), Map.of());

        List<ImportSource.SourceRecord> records = new ArrayList<>();
        try (ImportSource source = ImportSource.open(file, ImportSource.Format.CSV, semicolons, null)) {
            records.add(source.next());
            assertThat(source.next()).isNull();
        }

        assertThat(records)
                .singleElement()
                .satisfies(r -> assertThat(r.json())
                        .isEqualTo("{\"type\":\"order\",\"eventId\":\"e-1\",\"amount\":\"1250.00\"}"));
    }

    @Test
    void anUnterminatedQuoteRejectsTheRestOfTheFileAsOneRecordWithItsLines() throws IOException {
        Path file = write("a.csv", "type,eventId\nmeeting,\"e-1\nmeeting,e-2\n");

        List<ImportSource.SourceRecord> records = readAll(file, ImportSource.Format.CSV, null);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.firstLine()).isEqualTo(2);
            assertThat(r.lastLine()).isEqualTo(3);
            assertThat(r.json()).isNull();
            assertThat(r.problems())
                    .containsExactly("unterminated quoted field: no closing quote before the end of the file");
        });
    }

    @Test
    void ndjsonLinesAreSentAsTheyAreSkippingBlankLinesAndAByteOrderMarkAndCarriageReturns() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path file = dir.resolve("h.ndjson");
        Files.write(file, bom);
        Files.writeString(
                file, "{\"eventId\":\"a\"}\r\n\r\n{\"eventId\":\"b \\\"q\\\"\"}\n", StandardOpenOption.APPEND);

        List<ImportSource.SourceRecord> records = readAll(file, ImportSource.Format.NDJSON, null);

        assertThat(records)
                .extracting(ImportSource.SourceRecord::json)
                .containsExactly("{\"eventId\":\"a\"}", "{\"eventId\":\"b \\\"q\\\"\"}");
        assertThat(records).extracting(ImportSource.SourceRecord::firstLine).containsExactly(1L, 3L);
    }

    @Test
    void aCheckpointResumesAtItsLineAndAGrownFileIsStillTheSameFile() throws IOException {
        Path file = write("h.ndjson", "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
        Checkpoint afterTwo = checkpointAfter(file, ImportSource.Format.NDJSON, 2);
        Files.writeString(file, "{\"n\":4}\n", StandardOpenOption.APPEND);

        List<ImportSource.SourceRecord> rest = readAll(file, ImportSource.Format.NDJSON, afterTwo);

        assertThat(rest).extracting(ImportSource.SourceRecord::json).containsExactly("{\"n\":3}", "{\"n\":4}");
        assertThat(rest).extracting(ImportSource.SourceRecord::firstLine).containsExactly(3L, 4L);
    }

    @Test
    void aCsvResumeReadsTheHeaderFromTheStartAndContinuesAfterTheCheckpoint() throws IOException {
        Path file = write("a.csv", "type,eventId\nmeeting,e-1\nmeeting,e-2\n");
        Checkpoint afterOne = checkpointAfter(file, ImportSource.Format.CSV, 1);

        List<ImportSource.SourceRecord> rest = readAll(file, ImportSource.Format.CSV, afterOne);

        assertThat(rest).singleElement().satisfies(r -> {
            assertThat(r.firstLine()).isEqualTo(3);
            assertThat(r.json()).isEqualTo("{\"type\":\"meeting\",\"eventId\":\"e-2\"}");
        });
    }

    @Test
    void aFileChangedBeforeTheCheckpointIsNotResumed() throws IOException {
        Path file = write("h.ndjson", "{\"n\":1}\n{\"n\":2}\n");
        Checkpoint afterOne = checkpointAfter(file, ImportSource.Format.NDJSON, 1);
        write("h.ndjson", "{\"n\":9}\n{\"n\":2}\n");

        assertThatThrownBy(() -> ImportSource.open(file, ImportSource.Format.NDJSON, CSV, afterOne))
                .isInstanceOf(PhysicalLines.ChangedFileException.class)
                .hasMessage("its first 8 bytes differ from those already imported");

        write("h.ndjson", "{\"n\"");
        assertThatThrownBy(() -> ImportSource.open(file, ImportSource.Format.NDJSON, CSV, afterOne))
                .hasMessage("the file has 4 bytes, fewer than the 8 already imported");
    }

    @Test
    void aCheckpointSurvivesASaveAndLoadAndASaveReplacesTheOldOneWhole() throws IOException {
        Path path = dir.resolve("x.checkpoint");
        Checkpoint first = new Checkpoint(
                "/data/x.csv", "csv", 8, 2, "ab", new Checkpoint.Counts(1, 1, 0, 0, 1), 0, false, Instant.EPOCH);
        Checkpoint second = new Checkpoint(
                "/data/x.csv",
                "csv",
                16,
                3,
                "cd",
                new Checkpoint.Counts(2, 1, 0, 1, 2),
                120,
                true,
                Instant.EPOCH.plusSeconds(1));

        first.save(path);
        second.save(path);

        assertThat(Checkpoint.load(path)).contains(second);
        assertThat(dir.resolve("x.checkpoint.tmp")).doesNotExist();
        Files.writeString(path, "{not json");
        assertThatThrownBy(() -> Checkpoint.load(path)).hasMessageContaining("run with --restart");
    }

    /** The checkpoint an import would write after the first {@code records} records of {@code file}. */
    private static Checkpoint checkpointAfter(Path file, ImportSource.Format format, int records) throws IOException {
        try (ImportSource source = ImportSource.open(file, format, CSV, null)) {
            for (int i = 0; i < records; i++) {
                source.next();
            }
            return checkpoint(source);
        }
    }

    private static Checkpoint checkpoint(ImportSource source) {
        return new Checkpoint(
                "f",
                "ndjson",
                source.offset(),
                source.nextLineNumber(),
                source.prefixSha256(),
                Checkpoint.Counts.ZERO,
                0,
                false,
                Instant.now());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static List<ImportSource.SourceRecord> readAll(Path file, ImportSource.Format format, Checkpoint from)
            throws IOException {
        List<ImportSource.SourceRecord> records = new ArrayList<>();
        try (ImportSource source = ImportSource.open(file, format, CSV, from)) {
            ImportSource.SourceRecord record;
            while ((record = source.next()) != null) {
                records.add(record);
            }
        }
        return records;
    }
}
