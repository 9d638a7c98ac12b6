package io.rapport.bulkimport;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;

/** The summary printed at the end of an import: what was read, what became of it, how fast, where the rejects are. */
final class SummaryReport {
    private SummaryReport() {}

    static void print(BulkImport.Summary summary, PrintWriter out) {
        Checkpoint.Counts counts = summary.counts();
        double seconds = Math.max(0.001, summary.elapsed().toMillis() / 1000.0);
        out.println();
        out.printf(
                "%s %s%n",
                summary.completed() ? "Imported" : "Not finished:",
                summary.file().getFileName());
        if (summary.resumedAtLine() != null) {
            out.printf("  resumed at line   %,d%n", summary.resumedAtLine());
        }
        out.printf("  lines read        %,d (%,d in this run)%n", summary.linesRead(), summary.linesThisRun());
        out.printf("  records           %,d%n", counts.records());
        out.printf("  accepted          %,d%n", counts.accepted());
        out.printf("  duplicate         %,d%n", counts.duplicate());
        out.printf(
                "  rejected          %,d%s%n",
                counts.rejected(), counts.rejected() > 0 ? " (reasons in " + summary.rejects() + ")" : "");
        out.printf("  elapsed           %s%n", format(summary.elapsed()));
        out.printf("  rate              %,.0f lines/s%n", summary.linesThisRun() / seconds);
        if (!summary.completed() && Files.exists(summary.checkpoint())) {
            out.printf("  checkpoint        %s (run the same command again to resume)%n", summary.checkpoint());
        }
        out.flush();
    }

    private static String format(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        return seconds >= 60
                ? String.format("%d min %02d s", seconds / 60, seconds % 60)
                : String.format("%.1f s", elapsed.toMillis() / 1000.0);
    }
}
