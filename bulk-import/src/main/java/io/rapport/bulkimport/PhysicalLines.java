package io.rapport.bulkimport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a file line by line as bytes, knowing each line's number and the byte offset after it, and
 * keeping a SHA-256 of everything read so far: a checkpoint records the offset and that hash, so a
 * resumed import knows it continues the same file at a line boundary. A UTF-8 byte order mark (which
 * spreadsheet programs write) is left out of the first line's text but counted in the offsets.
 */
final class PhysicalLines implements Closeable {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** One line: its 1-based number, its text without the line end, and the offset just after it. */
    record Line(long number, String text, long endOffset) {}

    private final InputStream in;
    private final MessageDigest digest;
    private long offset;
    private long nextNumber;

    private PhysicalLines(InputStream in, MessageDigest digest, long offset, long nextNumber) {
        this.in = in;
        this.digest = digest;
        this.offset = offset;
        this.nextNumber = nextNumber;
    }

    /** Reads {@code file} from its start. */
    static PhysicalLines open(Path file) throws IOException {
        return new PhysicalLines(new BufferedInputStream(Files.newInputStream(file), 1 << 16), sha256(), 0, 1);
    }

    /**
     * Reads {@code file} from {@code offset} on, where line {@code lineNumber} starts, if the first
     * {@code offset} bytes still hash to {@code prefixSha256}; otherwise throws {@link ChangedFileException}.
     */
    static PhysicalLines resume(Path file, long offset, long lineNumber, String prefixSha256) throws IOException {
        long size = Files.size(file);
        if (size < offset) {
            throw new ChangedFileException(
                    "the file has " + size + " bytes, fewer than the " + offset + " already imported");
        }
        PhysicalLines lines =
                new PhysicalLines(new BufferedInputStream(Files.newInputStream(file), 1 << 16), sha256(), 0, 1);
        byte[] buffer = new byte[1 << 16];
        long remaining = offset;
        while (remaining > 0) {
            int n = lines.in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new ChangedFileException("the file ended before the offset of the checkpoint");
            }
            lines.digest.update(buffer, 0, n);
            remaining -= n;
        }
        lines.offset = offset;
        lines.nextNumber = lineNumber;
        if (!lines.prefixSha256().equals(prefixSha256)) {
            lines.close();
            throw new ChangedFileException("its first " + offset + " bytes differ from those already imported");
        }
        return lines;
    }

    /** The next line, or null at the end of the file. A last line without a line end is a line too. */
    Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long start = offset;
        int b;
        while ((b = in.read()) >= 0) {
            offset++;
            digest.update((byte) b);
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        if (b < 0 && offset == start) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int from = start == 0 && startsWithBom(bytes) ? BOM.length : 0;
        int to = bytes.length;
        if (to > from && bytes[to - 1] == '\r') {
            to--;
        }
        return new Line(nextNumber++, new String(bytes, from, to - from, StandardCharsets.UTF_8), offset);
    }

    /** Bytes read so far: the offset of the next line. */
    long offset() {
        return offset;
    }

    /** The number of the next line. */
    long nextLineNumber() {
        return nextNumber;
    }

    /** SHA-256 (hex) of the bytes read so far. */
    String prefixSha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The input is not the file a checkpoint was written for. */
    static final class ChangedFileException extends IOException {
        ChangedFileException(String message) {
            super(message);
        }
    }
}
