package io.rapport.scoring.pipeline;

import io.rapport.scoring.config.ScoringConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The threads that share the CPU work of one batch (folding and scoring its accounts) while the batch
 * itself stays one unit: each account is read from and written to the store once, and the batch is
 * acknowledged once, as a whole. Accounts are independent of one another, so splitting a batch by account needs no
 * locking and keeps every account's events on one thread.
 */
@ApplicationScoped
public class BatchWorkers {
    private final ForkJoinPool pool;
    private final int parallelism;

    @jakarta.inject.Inject
    BatchWorkers(ScoringConfig config) {
        this(config.batchParallelism());
    }

    /** @param configured threads, or 0 for one per available core */
    BatchWorkers(int configured) {
        this.parallelism = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
        // Workers see the application's class loader, as the consumer thread does (validation messages and
        // JSON modules are looked up through it).
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        AtomicInteger created = new AtomicInteger();
        ForkJoinPool.ForkJoinWorkerThreadFactory threads = p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("scoring-batch-" + created.incrementAndGet());
            t.setContextClassLoader(loader);
            return t;
        };
        this.pool = parallelism > 1 ? new ForkJoinPool(parallelism, threads, null, false) : null;
    }

    /** How many threads share a batch. */
    public int parallelism() {
        return parallelism;
    }

    /** {@code f} applied to every item, in the items' order, on up to {@link #parallelism()} threads. */
    public <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> f) {
        if (pool == null || items.size() < 2) {
            List<R> out = new ArrayList<>(items.size());
            for (T item : items) out.add(f.apply(item));
            return out;
        }
        return pool.submit(() -> items.parallelStream().<R>map(f).toList()).join();
    }

    /**
     * {@link #map} started on the workers without waiting, so that the calling thread can do something
     * else meanwhile (a store round trip); with one thread it runs on the calling thread. The future
     * fails with whatever {@code f} threw.
     */
    public <T, R> CompletableFuture<List<R>> mapAsync(List<T> items, Function<? super T, ? extends R> f) {
        if (pool == null) {
            try {
                return CompletableFuture.completedFuture(map(items, f));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(
                () -> items.parallelStream().<R>map(f).toList(), pool);
    }

    /** The result of a {@link #mapAsync}, or what its function threw, as it was thrown. */
    public static <R> R join(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    @PreDestroy
    void close() {
        if (pool != null) pool.shutdown();
    }
}
