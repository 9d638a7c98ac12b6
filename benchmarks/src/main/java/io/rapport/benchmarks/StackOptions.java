package io.rapport.benchmarks;

import picocli.CommandLine.Option;

/** The options every stack benchmark shares (a picocli mixin): store backend, partitions, service heap. */
public final class StackOptions {
    @Option(names = "--store", description = "Embedded store backend: memory or h2 (default ${DEFAULT-VALUE}).")
    String store = "memory";

    @Option(names = "--partitions", description = "Partitions per topic (default ${DEFAULT-VALUE}).")
    int partitions = 2;

    @Option(names = "--heap", description = "Each service's -Xmx (default ${DEFAULT-VALUE}).")
    String heap = "512m";

    public BenchmarkEnvironment.StoreBackend backend() {
        return BenchmarkEnvironment.StoreBackend.parse(store);
    }

    public int partitions() {
        return partitions;
    }

    public String heap() {
        return heap;
    }

    /** A broker and store as these options say. */
    public BenchmarkEnvironment environment() {
        return new BenchmarkEnvironment(backend(), partitions);
    }
}
