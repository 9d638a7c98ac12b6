package io.rapport.bulkimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.rapport.common.json.RapportJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * How far an import got: the byte offset and line number after the last chunk the service answered,
 * the SHA-256 of the file up to that offset (a changed file is refused), the counts so far and the
 * size of the rejects file then. Written after every chunk, atomically (a temporary file moved over the
 * old one), so an interruption at any moment leaves either the previous or the next checkpoint.
 */
record Checkpoint(
        String file,
        String format,
        long offset,
        long nextLine,
        String prefixSha256,
        Counts counts,
        long rejectsFileSize,
        boolean completed,
        Instant updatedAt) {

    /** Records by outcome and chunks sent, over every run of the same import. */
    record Counts(long records, long accepted, long duplicate, long rejected, long chunks) {
        static final Counts ZERO = new Counts(0, 0, 0, 0, 0);

        Counts plus(long accepted, long duplicate, long rejected) {
            return new Counts(
                    records + accepted + duplicate + rejected,
                    this.accepted + accepted,
                    this.duplicate + duplicate,
                    this.rejected + rejected,
                    chunks + 1);
        }
    }

    /** The checkpoint at {@code path}, if there is one. */
    static Optional<Checkpoint> load(Path path) throws IOException {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(RapportJson.mapper().readValue(Files.readAllBytes(path), Checkpoint.class));
        } catch (JsonProcessingException e) {
            throw new IOException("the checkpoint " + path + " cannot be read (" + e.getOriginalMessage()
                    + "); run with --restart to import the file from its start");
        }
    }

    /** Writes this checkpoint to {@code path}, replacing the previous one atomically. */
    void save(Path path) throws IOException {
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(RapportJson.mapper().writeValueAsBytes(this)));
            channel.force(true);
        }
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
