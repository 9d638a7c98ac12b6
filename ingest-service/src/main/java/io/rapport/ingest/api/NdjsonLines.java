package io.rapport.ingest.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads an NDJSON stream one line at a time without holding more than one line (at most {@code
 * maxLineBytes}) in memory. A longer line is skipped to its end and reported as too long.
 */
final class NdjsonLines {
    /** One line: its 0-based index in the stream, its bytes (without the line end), or too long. */
    record Line(int index, byte[] bytes, int length, boolean tooLong) {
        boolean blank() {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private int nextIndex;
    private boolean ended;

    NdjsonLines(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        byte[] line = new byte[256];
        int length = 0;
        boolean tooLong = false;
        boolean sawAnything = false;
        while (true) {
            if (position == limit) {
                if (ended || !fill()) {
                    ended = true;
                    if (!sawAnything) {
                        return null;
                    }
                    return new Line(nextIndex++, line, length, tooLong);
                }
            }
            sawAnything = true;
            int start = position;
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            int chunk = end - start;
            if (!tooLong) {
                if (length + chunk > maxLineBytes) {
                    tooLong = true;
                    line = new byte[0];
                    length = 0;
                } else {
                    if (length + chunk > line.length) {
                        line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
                    }
                    System.arraycopy(buffer, start, line, length, chunk);
                    length += chunk;
                }
            }
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                return new Line(nextIndex++, line, length, tooLong);
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
