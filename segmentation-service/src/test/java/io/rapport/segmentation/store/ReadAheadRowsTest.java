package io.rapport.segmentation.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ServerAddress;
import com.mongodb.ServerCursor;
import com.mongodb.client.MongoCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadRowsTest {

    @Test
    void everyRowComesInTheCursorsOrderAndTheCursorIsClosed() {
        BatchedCursor cursor = new BatchedCursor(10_007, 100, -1);
        List<Integer> rows = new ArrayList<>();
        try (ReadAheadRows<Integer> ahead = new ReadAheadRows<>(cursor, 2, "test")) {
            ahead.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(10_007);
        for (int i = 0; i < rows.size(); i++) assertThat(rows.get(i)).isEqualTo(i);
        assertThat(cursor.closed.await()).isTrue();
    }

    @Test
    void aFailureOfTheCursorReachesTheCallerAfterTheRowsBeforeIt() {
        BatchedCursor cursor = new BatchedCursor(1_000, 100, 550);
        List<Integer> rows = new ArrayList<>();
        try (ReadAheadRows<Integer> ahead = new ReadAheadRows<>(cursor, 2, "test")) {
            assertThatThrownBy(() -> ahead.forEachRemaining(rows::add)).hasMessage("store went away at 550");
        }
        assertThat(rows).hasSize(500);
    }

    @Test
    void closingEarlyStopsReadingAheadAndClosesTheCursor() {
        BatchedCursor cursor = new BatchedCursor(1_000_000, 100, -1);
        try (ReadAheadRows<Integer> ahead = new ReadAheadRows<>(cursor, 2, "test")) {
            assertThat(ahead.next()).isZero();
        }
        assertThat(cursor.closed.await()).isTrue();
        // Bounded: the reader stopped after the chunks the queue held and the one in hand.
        assertThat(cursor.read.get()).isLessThan(1_000);
    }

    /** A cursor of the integers 0..size-1 in round trips of {@code batch}, failing at row {@code failAt}. */
    private static final class BatchedCursor implements MongoCursor<Integer> {
        final int size;
        final int batch;
        final int failAt;
        final AtomicInteger read = new AtomicInteger();
        final Closed closed = new Closed();
        int inBatch;

        BatchedCursor(int size, int batch, int failAt) {
            this.size = size;
            this.batch = batch;
            this.failAt = failAt;
        }

        @Override
        public boolean hasNext() {
            if (read.get() >= size) return false;
            if (inBatch == 0) {
                if (failAt >= 0 && read.get() + batch > failAt) {
                    throw new IllegalStateException("store went away at " + failAt);
                }
                inBatch = Math.min(batch, size - read.get()); // a round trip
            }
            return true;
        }

        @Override
        public Integer next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            inBatch--;
            return read.getAndIncrement();
        }

        @Override
        public int available() {
            return inBatch;
        }

        @Override
        public Integer tryNext() {
            return hasNext() ? next() : null;
        }

        @Override
        public ServerCursor getServerCursor() {
            return null;
        }

        @Override
        public ServerAddress getServerAddress() {
            return new ServerAddress();
        }

        @Override
        public void close() {
            closed.latch.countDown();
        }
    }

    private static final class Closed {
        final CountDownLatch latch = new CountDownLatch(1);

        boolean await() {
            try {
                return latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
