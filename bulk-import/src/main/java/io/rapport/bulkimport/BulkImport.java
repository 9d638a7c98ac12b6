package io.rapport.bulkimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rapport.common.json.RapportJson;
import io.rapport.common.runtime.JsonPaths;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One import of a file through the ingest API: reads records, sends them in chunks, writes rejected
 * records with their reasons to the rejects file, and after each chunk the service answered writes the
 * checkpoint; a later run with the same file resumes after the last checkpoint. Records are sent with
 * their eventId, so a chunk sent twice (an interruption between the answer and the checkpoint) comes back
 * as duplicates and is never published twice.
 */
final class BulkImport {
    /** A chunk's request body stays well below the service's 5 MB JSON limit. */
    static final int MAX_CHUNK_BYTES = 4 << 20;

    /** What to import, from where to where, and how. */
    record Settings(
            Path file,
            ImportSource.Format format,
            ImportSource.CsvSettings csv,
            URI url,
            String apiKey,
            int chunkSize,
            Path rejects,
            Path checkpoint,
            boolean restart,
            Duration retryFor,
            int maxChunks,
            ProgressDisplay.Mode progress) {}

    /**
     * How the import ended: complete or not (and why not), where a resumed run started, the counts over
     * every run of this import and the lines read by this one.
     */
    record Summary(
            Path file,
            boolean completed,
            String stoppedBecause,
            Long resumedAtLine,
            long linesRead,
            long linesThisRun,
            Checkpoint.Counts counts,
            Duration elapsed,
            Path rejects,
            Path checkpoint) {}

    private final Settings settings;
    private final Consumer<String> notices;

    BulkImport(Settings settings, Consumer<String> notices) {
        this.settings = settings;
        this.notices = notices;
    }

    /**
     * Runs the import to the end of the file, or until it must stop (the service refused, stayed away
     * or {@code maxChunks} were sent), and returns the summary.
     *
     * @throws IllegalArgumentException for a CSV header that does not fit the contracts
     * @throws IOException when the file or the rejects or checkpoint file cannot be read or written
     */
    Summary run() throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path file = settings.file();
        Optional<Checkpoint> previous = settings.restart() ? Optional.empty() : Checkpoint.load(settings.checkpoint());
        if (previous.isPresent() && previous.get().completed()) {
            Checkpoint done = previous.get();
            notices.accept(file + " was imported completely at " + done.updatedAt()
                    + "; run with --restart to import it again");
            return summary(done, true, null, null, 0, started);
        }
        ImportSource source;
        try {
            source = ImportSource.open(file, settings.format(), settings.csv(), previous.orElse(null));
        } catch (PhysicalLines.ChangedFileException e) {
            Checkpoint stale = previous.orElseThrow();
            return summary(
                    stale,
                    false,
                    file + " changed since the checkpoint of " + stale.updatedAt() + " (" + e.getMessage()
                            + "): not resuming. Run with --restart to import it from the start (events accepted"
                            + " before come back as duplicates)",
                    null,
                    0,
                    started);
        }
        Long resumedAt = previous.map(Checkpoint::nextLine).orElse(null);
        if (resumedAt != null) {
            Checkpoint.Counts counts = previous.get().counts();
            notices.accept(String.format(
                    "resuming %s at line %,d (checkpoint of %s: %,d records done, %,d accepted, %,d duplicate,"
                            + " %,d rejected)",
                    file,
                    resumedAt,
                    previous.get().updatedAt(),
                    counts.records(),
                    counts.accepted(),
                    counts.duplicate(),
                    counts.rejected()));
        }
        IngestClient client = new IngestClient(settings.url(), settings.apiKey(), settings.retryFor(), notices);
        Checkpoint checkpoint = previous.orElse(new Checkpoint(
                file.toAbsolutePath().toString(),
                settings.format().name().toLowerCase(Locale.ROOT),
                0,
                1,
                source.prefixSha256(),
                Checkpoint.Counts.ZERO,
                0,
                false,
                Instant.now()));
        long firstLine = checkpoint.nextLine();
        try (source;
                RejectsFile rejects = RejectsFile.open(settings.rejects(), checkpoint.rejectsFileSize());
                ProgressDisplay progress = ProgressDisplay.start(
                        settings.progress(), file.getFileName().toString(), Files.size(file), checkpoint.offset())) {
            int chunks = 0;
            boolean ended = false;
            while (!ended) {
                List<ImportSource.SourceRecord> chunk = new ArrayList<>(settings.chunkSize());
                int sendable = 0;
                long bytes = 0;
                while (sendable < settings.chunkSize() && bytes < MAX_CHUNK_BYTES) {
                    ImportSource.SourceRecord record = checkJson(source.next());
                    if (record == null) {
                        ended = true;
                        break;
                    }
                    chunk.add(record);
                    if (record.json() != null) {
                        sendable++;
                        bytes += record.json().length();
                    }
                }
                if (chunk.isEmpty()) {
                    break;
                }
                Checkpoint.Counts counts;
                try {
                    counts = process(chunk, client, rejects, checkpoint.counts());
                } catch (IngestClient.StopException e) {
                    return summary(checkpoint, false, e.getMessage(), resumedAt, firstLine, started);
                }
                checkpoint = advance(checkpoint, source, counts, rejects, ended);
                progress.update(source.offset(), source.nextLineNumber() - 1, counts.rejected());
                chunks++;
                if (!ended && settings.maxChunks() > 0 && chunks >= settings.maxChunks()) {
                    return summary(
                            checkpoint,
                            false,
                            "stopped after " + chunks + " chunk(s) (--max-chunks)",
                            resumedAt,
                            firstLine,
                            started);
                }
            }
            if (!checkpoint.completed()) {
                // the file ended right after a full chunk (or was empty): say so in the checkpoint too
                checkpoint = advance(checkpoint, source, checkpoint.counts(), rejects, true);
            }
            progress.update(
                    source.offset(),
                    source.nextLineNumber() - 1,
                    checkpoint.counts().rejected());
        }
        return summary(checkpoint, true, null, resumedAt, firstLine, started);
    }

    /**
     * Makes the rejects durable, then writes the checkpoint for the position {@code source} reached: in
     * this order, so a checkpoint never counts rejects that are not in the file.
     */
    private Checkpoint advance(
            Checkpoint previous, ImportSource source, Checkpoint.Counts counts, RejectsFile rejects, boolean completed)
            throws IOException {
        Checkpoint next = new Checkpoint(
                previous.file(),
                previous.format(),
                source.offset(),
                source.nextLineNumber(),
                source.prefixSha256(),
                counts,
                rejects.sync(),
                completed,
                Instant.now());
        next.save(settings.checkpoint());
        return next;
    }

    /** Sends the records of one chunk that can be sent, writes the rejected ones, returns the new counts. */
    private static Checkpoint.Counts process(
            List<ImportSource.SourceRecord> chunk, IngestClient client, RejectsFile rejects, Checkpoint.Counts counts)
            throws IngestClient.StopException, InterruptedException, IOException {
        List<String> events = new ArrayList<>(chunk.size());
        for (ImportSource.SourceRecord record : chunk) {
            if (record.json() != null) {
                events.add(record.json());
            }
        }
        IngestClient.ChunkAnswer answer =
                events.isEmpty() ? new IngestClient.ChunkAnswer(List.of(), Map.of()) : client.send(events);
        long accepted = 0;
        long duplicate = 0;
        long rejected = 0;
        int index = 0;
        for (ImportSource.SourceRecord record : chunk) {
            if (record.json() == null) {
                rejected++;
                rejects.add(
                        record,
                        record.problems().stream()
                                .map(p -> new RejectsFile.Reason(null, p))
                                .toList());
                continue;
            }
            switch (answer.outcomes().get(index)) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicate++;
                case REJECTED -> {
                    rejected++;
                    rejects.add(
                            record,
                            answer.reasons()
                                    .getOrDefault(
                                            index,
                                            List.of(new RejectsFile.Reason(
                                                    null,
                                                    "rejected by the ingest service, which listed no more reasons"
                                                            + " for this chunk (lower --chunk-size to see them)"))));
                }
            }
            index++;
        }
        return counts.plus(accepted, duplicate, rejected);
    }

    /**
     * Checks an NDJSON line is one JSON value before it goes into a batch, where a broken line would
     * break the whole request; the reason is worded as the service words it for NDJSON.
     */
    private ImportSource.SourceRecord checkJson(ImportSource.SourceRecord record) {
        if (record == null || record.json() == null || settings.format() != ImportSource.Format.NDJSON) {
            return record;
        }
        String reason = null;
        if (record.json().length() > ImportSource.MAX_RECORD_CHARS) {
            reason = "line longer than " + ImportSource.MAX_RECORD_CHARS + " characters";
        } else {
            try {
                RapportJson.mapper().readTree(record.json());
            } catch (JsonProcessingException e) {
                reason = JsonPaths.reason(e);
            }
        }
        return reason == null
                ? record
                : new ImportSource.SourceRecord(
                        record.firstLine(), record.lastLine(), record.input(), null, List.of(reason));
    }

    private Summary summary(
            Checkpoint checkpoint,
            boolean completed,
            String stoppedBecause,
            Long resumedAt,
            long firstLineOfRun,
            long startedNanos) {
        return new Summary(
                settings.file(),
                completed,
                stoppedBecause,
                resumedAt,
                checkpoint.nextLine() - 1,
                Math.max(0, checkpoint.nextLine() - firstLineOfRun),
                checkpoint.counts(),
                Duration.ofNanos(System.nanoTime() - startedNanos),
                settings.rejects(),
                settings.checkpoint());
    }
}
