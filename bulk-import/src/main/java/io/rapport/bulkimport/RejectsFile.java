package io.rapport.bulkimport;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.rapport.common.json.RapportJson;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The rejected records of an import, one JSON object per line: the line numbers in the input, the
 * record as it was in the file, and every reason with the field it concerns. Kept across resumed runs:
 * on resume it is cut back to its size at the checkpoint, so a chunk sent again is not listed twice.
 */
final class RejectsFile implements Closeable {
    /** Why a record was rejected; {@code field} is null when the reason concerns the whole record. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Reason(String field, String reason) {}

    /** One line of the rejects file. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(long line, Long lastLine, String input, List<Reason> errors) {}

    private final Path path;
    private final FileChannel channel;

    private RejectsFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens {@code path} for appending after its first {@code keepBytes} bytes (0: a new file). */
    static RejectsFile open(Path path, long keepBytes) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        channel.truncate(keepBytes);
        channel.position(channel.size());
        return new RejectsFile(path, channel);
    }

    /** Appends one rejected record. */
    void add(ImportSource.SourceRecord record, List<Reason> reasons) throws IOException {
        Long lastLine = record.lastLine() == record.firstLine() ? null : record.lastLine();
        byte[] json = RapportJson.mapper()
                .writeValueAsBytes(new Entry(record.firstLine(), lastLine, record.input(), reasons));
        ByteBuffer buffer =
                ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Makes what was written durable (before the checkpoint that counts it is written). */
    long sync() throws IOException {
        channel.force(false);
        return channel.size();
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
