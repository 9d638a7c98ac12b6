package io.rapport.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./benchmark}: one subcommand per benchmark. */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Runs a Rapport benchmark and prints its figures next to bare references measured in the same run.",
        subcommands = {
            // one line per benchmark; keep sorted
            io.rapport.benchmarks.alerts.AlertsBenchmark.class,
            io.rapport.benchmarks.ingest.IngestBenchmark.class,
            io.rapport.benchmarks.scoring.ScoringBenchmark.class,
            io.rapport.benchmarks.segmentation.SegmentationBenchmark.class,
        })
public final class BenchmarkCommand implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkCommand()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
