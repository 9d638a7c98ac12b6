package io.rapport.scoring.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchWorkersTest {

    @Test
    void resultsKeepTheItemsOrderAndTheWorkIsShared() {
        BatchWorkers workers = new BatchWorkers(3);
        List<Integer> items = new ArrayList<>(IntStream.range(0, 2_000).boxed().toList());
        AtomicBoolean waited = new AtomicBoolean();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ClassLoader expectedLoader = Thread.currentThread().getContextClassLoader();
        Set<ClassLoader> loaders = ConcurrentHashMap.newKeySet();

        List<Integer> squares = workers.map(items, i -> {
            threads.add(Thread.currentThread().getName());
            loaders.add(Thread.currentThread().getContextClassLoader());
            if (waited.compareAndSet(false, true)) awaitASecondThread(threads);
            return i * i;
        });

        assertThat(squares).isEqualTo(items.stream().map(i -> i * i).toList());
        assertThat(threads).hasSizeGreaterThan(1).allMatch(t -> t.startsWith("scoring-batch-"));
        assertThat(loaders).containsExactly(expectedLoader);
        workers.close();
    }

    @Test
    void oneThreadRunsOnTheCallersThreadAndAFailurePropagates() {
        BatchWorkers single = new BatchWorkers(1);
        String caller = Thread.currentThread().getName();
        assertThat(single.map(List.of(1, 2), i -> Thread.currentThread().getName()))
                .containsOnly(caller);

        BatchWorkers workers = new BatchWorkers(2);
        assertThatThrownBy(() -> workers.map(List.of(1, 2, 3, 4), i -> {
                    if (i == 3) throw new IllegalStateException("account 3 failed");
                    return i;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("account 3 failed");
        workers.close();
    }

    @Test
    void mapAsyncLeavesTheCallerFreeKeepsTheOrderAndFailsWithWhatTheFunctionThrew() throws Exception {
        BatchWorkers workers = new BatchWorkers(2);
        java.util.concurrent.CountDownLatch callerDone = new java.util.concurrent.CountDownLatch(1);
        var future = workers.mapAsync(List.of(1, 2, 3), i -> {
            try {
                // The work waits for the caller: it only finishes if mapAsync returned before it.
                callerDone.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return i * 10;
        });
        callerDone.countDown();
        assertThat(BatchWorkers.join(future)).containsExactly(10, 20, 30);

        IllegalStateException failure = new IllegalStateException("account 2 failed");
        var failing = workers.mapAsync(List.of(1, 2), i -> {
            if (i == 2) throw failure;
            return i;
        });
        assertThatThrownBy(() -> BatchWorkers.join(failing)).isSameAs(failure);

        BatchWorkers single = new BatchWorkers(1);
        String caller = Thread.currentThread().getName();
        assertThat(BatchWorkers.join(
                        single.mapAsync(List.of(1), i -> Thread.currentThread().getName())))
                .containsExactly(caller);
        assertThatThrownBy(() -> BatchWorkers.join(single.mapAsync(List.of(1), i -> {
                    throw failure;
                })))
                .isSameAs(failure);
        workers.close();
    }

    /** Holds one thread (up to 10 s) until another one takes part, so that the test does not depend on timing. */
    private static void awaitASecondThread(Set<String> threads) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (threads.size() < 2 && System.nanoTime() < deadline) Thread.onSpinWait();
    }
}
