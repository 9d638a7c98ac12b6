package io.rapport.ingest.api;

import io.rapport.ingest.domain.EventOutcome;
import io.rapport.ingest.domain.IngestReport;
import io.rapport.ingest.domain.Rejection;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds up the reports of one request (one per NDJSON chunk, or just one): exact counts, and at most
 * {@code maxErrors} listed errors so a stream of a million bad lines cannot exhaust memory.
 */
final class Tally {
    private final int maxErrors;
    private final boolean keepResults;
    private final List<IngestReport.EventResult> results = new ArrayList<>();
    private final List<Rejection> errors = new ArrayList<>();
    private final List<Integer> notWritten = new ArrayList<>();
    private long accepted;
    private long duplicate;
    private long rejected;
    private long notWrittenCount;
    private boolean errorsTruncated;

    Tally(int maxErrors, boolean keepResults) {
        this.maxErrors = maxErrors;
        this.keepResults = keepResults;
    }

    void add(IngestReport report) {
        for (IngestReport.EventResult result : report.results()) {
            switch (result.outcome()) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicate++;
                case REJECTED -> rejected++;
                case NOT_WRITTEN -> {
                    notWrittenCount++;
                    if (notWritten.size() < maxErrors) {
                        notWritten.add(result.index());
                    }
                }
            }
            if (keepResults) {
                results.add(result);
            }
        }
        for (Rejection rejection : report.rejections()) {
            if (errors.size() < maxErrors) {
                errors.add(rejection);
            } else {
                errorsTruncated = true;
            }
        }
    }

    long count(EventOutcome outcome) {
        return switch (outcome) {
            case ACCEPTED -> accepted;
            case DUPLICATE -> duplicate;
            case REJECTED -> rejected;
            case NOT_WRITTEN -> notWrittenCount;
        };
    }

    long total() {
        return accepted + duplicate + rejected + notWrittenCount;
    }

    List<IngestReport.EventResult> results() {
        return results;
    }

    List<Rejection> errors() {
        return errors;
    }

    List<Integer> notWritten() {
        return notWritten;
    }

    boolean errorsTruncated() {
        return errorsTruncated;
    }
}
