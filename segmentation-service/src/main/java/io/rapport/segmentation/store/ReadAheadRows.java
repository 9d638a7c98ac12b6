package io.rapport.segmentation.store;

import com.mongodb.client.MongoCursor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Rows of a cursor read ahead on a thread of their own, so that the store produces the next batch while
 * the caller encodes the current one (an export otherwise asks for the next batch only after writing the
 * last row of the previous one, and the store and the encoder take turns on the same cores). At most
 * {@code chunks} chunks of rows wait, so memory stays bounded whatever the cursor's size.
 */
public final class ReadAheadRows<T> implements Iterator<T>, AutoCloseable {
    private static final List<Object> END = List.of();

    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private volatile boolean closed;
    private Iterator<T> current = java.util.Collections.emptyIterator();
    private boolean ended;

    public ReadAheadRows(MongoCursor<T> cursor, int chunks, String name) {
        this.queue = new ArrayBlockingQueue<>(chunks + 1);
        this.reader = new Thread(() -> read(cursor), name);
        reader.setDaemon(true);
        reader.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        reader.start();
    }

    private void read(MongoCursor<T> cursor) {
        try (cursor) {
            while (!closed && cursor.hasNext()) {
                // What the last round trip brought, without asking the store for more.
                List<T> chunk = new ArrayList<>(Math.max(1, cursor.available()));
                do {
                    chunk.add(cursor.next());
                } while (cursor.available() > 0);
                hand(chunk);
            }
            hand(END);
        } catch (RuntimeException e) {
            hand(e);
        }
    }

    private void hand(Object item) {
        try {
            while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // the reader of the rows is slower; wait unless it gave up
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean hasNext() {
        while (!current.hasNext()) {
            if (ended) return false;
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading ahead", e);
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next instanceof RuntimeException e) {
                ended = true;
                throw e;
            }
            current = ((List<T>) next).iterator();
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) throw new NoSuchElementException();
        return current.next();
    }

    /** Stops reading ahead; the cursor is closed by its reader once its round trip in flight returns. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
    }
}
