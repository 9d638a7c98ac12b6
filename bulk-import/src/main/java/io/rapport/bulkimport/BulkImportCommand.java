package io.rapport.bulkimport;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./rapport-import}: imports a CSV or NDJSON history file through a running ingest service. */
@Command(
        name = "rapport-import",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Imports a history file (a CRM or ERP export) through the ingest API: CSV with a header row naming"
                    + " the event fields, or NDJSON with one event per line. Validation and duplicate detection are"
                    + " the service's. Rejected records go to a rejects file with their reasons; a checkpoint after"
                    + " every chunk lets a later run with the same file resume where this one stopped.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the file is imported and nothing was rejected",
            "1:the file is imported; some records were rejected (see the rejects file)",
            "2:wrong usage: options, a CSV header that matches no event fields, an unreadable file",
            "3:not finished: the service refused the key or stayed unavailable, the file changed since the"
                    + " checkpoint, or --max-chunks was reached; run again to resume"
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  RAPPORT_API_KEY=rk_... ./rapport-import meetings.csv --set source=salesforce",
            "  ./rapport-import orders.csv --type order --column 'Order No=orderId' --column 'Owner=-'",
            "  ./rapport-import history.ndjson --url http://ingest.internal:8081"
        })
public final class BulkImportCommand implements Callable<Integer> {
    static final int EXIT_COMPLETE = 0;
    static final int EXIT_REJECTED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_UNFINISHED = 3;

    @Parameters(index = "0", paramLabel = "FILE", description = "the CSV (.csv, .tsv) or NDJSON file to import")
    Path file;

    @Option(
            names = "--url",
            defaultValue = "${env:RAPPORT_INGEST_URL:-http://127.0.0.1:8081}",
            description = "the ingest service (env RAPPORT_INGEST_URL; default ${DEFAULT-VALUE})")
    URI url;

    @Option(
            names = "--api-key",
            defaultValue = "${env:RAPPORT_API_KEY}",
            description = "an API key with the ingest role (env RAPPORT_API_KEY)")
    String apiKey;

    @Option(names = "--format", description = "csv or ndjson (default: csv for .csv and .tsv files, ndjson otherwise)")
    String format;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            description = "event type of rows without a type column or cell, e.g. meeting or order")
    String type;

    @Option(
            names = "--set",
            paramLabel = "FIELD=VALUE",
            description = "a field value for rows that lack it, e.g. source=salesforce (repeatable)")
    Map<String, String> constants = new LinkedHashMap<>();

    @Option(
            names = "--column",
            paramLabel = "COLUMN=FIELD",
            description = "reads CSV column COLUMN as event field FIELD (dotted for nested fields); FIELD - drops it"
                    + " (repeatable)")
    Map<String, String> renames = new LinkedHashMap<>();

    @Option(
            names = "--delimiter",
            description = "CSV delimiter: one character, or 'tab' (default: tab for .tsv, comma otherwise)")
    String delimiter;

    @Option(
            names = "--chunk-size",
            defaultValue = "500",
            description = "events per request, 1 to 1000 (default ${DEFAULT-VALUE})")
    int chunkSize;

    @Option(names = "--rejects", description = "the rejects file (default: FILE.rejects.ndjson)")
    Path rejects;

    @Option(names = "--checkpoint", description = "the checkpoint file (default: FILE.checkpoint)")
    Path checkpoint;

    @Option(
            names = "--restart",
            description = "ignore the checkpoint and import from the start (accepted events come back as duplicates)")
    boolean restart;

    @Option(
            names = "--retry-for",
            defaultValue = "PT5M",
            description = "how long to retry while the service is unavailable (ISO-8601, default ${DEFAULT-VALUE})")
    Duration retryFor;

    @Option(
            names = "--max-chunks",
            defaultValue = "0",
            description = "stop after this many chunks (0: no limit); a later run resumes")
    int maxChunks;

    @Option(
            names = "--progress",
            defaultValue = "auto",
            description = "auto, bar, plain or off (default: a bar on a terminal, a line every 5 s otherwise)")
    String progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private BulkImport.Summary summary;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BulkImportCommand()).execute(args));
    }

    /** The summary of the last run, for tests and embedding. */
    BulkImport.Summary summary() {
        return summary;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        BulkImport.Settings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            err.println("rapport-import: " + e.getMessage());
            return EXIT_USAGE;
        }
        Thread interruptNotice = new Thread(() -> {
            if (summary == null) {
                err.println("rapport-import: interrupted; the checkpoint " + settings.checkpoint()
                        + " holds the last chunk the service answered: run the same command again to resume");
                err.flush();
            }
        });
        Runtime.getRuntime().addShutdownHook(interruptNotice);
        try {
            summary = new BulkImport(settings, notice -> {
                        err.println("rapport-import: " + notice);
                        err.flush();
                    })
                    .run();
        } catch (IllegalArgumentException | java.io.IOException e) {
            summary = new BulkImport.Summary(
                    settings.file(), false, e.getMessage(), null, 0, 0, null, Duration.ZERO, null, null);
            err.println("rapport-import: " + e.getMessage());
            return EXIT_USAGE;
        } catch (InterruptedException | RuntimeException e) {
            // not picocli's exit code 1, which means "imported with rejects": the checkpoint is intact
            summary = new BulkImport.Summary(
                    settings.file(), false, String.valueOf(e), null, 0, 0, null, Duration.ZERO, null, null);
            err.println("rapport-import: stopped by " + e + "; run the same command again to resume");
            return EXIT_UNFINISHED;
        } finally {
            removeHook(interruptNotice);
        }
        SummaryReport.print(summary, out);
        if (!summary.completed()) {
            err.println("rapport-import: not finished: " + summary.stoppedBecause());
            return EXIT_UNFINISHED;
        }
        return summary.counts().rejected() > 0 ? EXIT_REJECTED : EXIT_COMPLETE;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs, which is what it is for
        }
    }

    private BulkImport.Settings settings() {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("no API key: give --api-key or set RAPPORT_API_KEY");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(file + " is not a readable file");
        }
        if (chunkSize < 1 || chunkSize > 1000) {
            // the service lists at most 1,000 errors per answer: larger chunks could lose reasons
            throw new IllegalArgumentException("--chunk-size must be between 1 and 1000, was " + chunkSize);
        }
        if (url.getScheme() == null || !url.getScheme().startsWith("http") || url.getHost() == null) {
            throw new IllegalArgumentException("--url must be an http(s) URL, was " + url);
        }
        ImportSource.Format inputFormat = format == null
                ? ImportSource.Format.of(file)
                : switch (format.toLowerCase(Locale.ROOT)) {
                    case "csv" -> ImportSource.Format.CSV;
                    case "ndjson", "jsonl" -> ImportSource.Format.NDJSON;
                    default -> throw new IllegalArgumentException("--format must be csv or ndjson, was " + format);
                };
        Map<String, String> fixed = new LinkedHashMap<>(constants);
        if (type != null) {
            fixed.put("type", type);
        }
        if (inputFormat == ImportSource.Format.NDJSON && (!fixed.isEmpty() || !renames.isEmpty())) {
            throw new IllegalArgumentException(
                    "--type, --set and --column apply to CSV; NDJSON lines are sent as they are");
        }
        ProgressDisplay.Mode mode;
        try {
            mode = ProgressDisplay.Mode.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--progress must be auto, bar, plain or off, was " + progress);
        }
        Path absolute = file.toAbsolutePath();
        return new BulkImport.Settings(
                absolute,
                inputFormat,
                new ImportSource.CsvSettings(delimiter(absolute), renames, fixed),
                url,
                apiKey.strip(),
                chunkSize,
                rejects != null ? rejects : absolute.resolveSibling(absolute.getFileName() + ".rejects.ndjson"),
                checkpoint != null ? checkpoint : absolute.resolveSibling(absolute.getFileName() + ".checkpoint"),
                restart,
                retryFor,
                maxChunks,
                mode);
    }

    private char delimiter(Path path) {
        if (delimiter == null) {
            return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
        }
        if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
            return '\t';
        }
        if (delimiter.length() != 1 || delimiter.equals("\"")) {
            throw new IllegalArgumentException("--delimiter must be one character (not a quote) or 'tab'");
        }
        return delimiter.charAt(0);
    }
}
