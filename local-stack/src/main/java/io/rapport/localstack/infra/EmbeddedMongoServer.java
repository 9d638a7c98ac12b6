package io.rapport.localstack.infra;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB-wire-compatible server (mongo-java-server) reached with the ordinary MongoDB driver. With
 * a file it keeps its data in an H2 MVStore that survives a restart; without one it lives in memory.
 * It supports the subset listed in docs/adr/0002: no transactions, no TTL expiry. The memory backend
 * answers {@code _id}-guarded filters from the {@code _id} index and sorts with a limit as a top-k
 * ({@link PlannedMemoryBackend}).
 */
public final class EmbeddedMongoServer implements AutoCloseable {
    private final int port;
    private final Path file;
    private MongoServer server;
    private InetSocketAddress address;

    /**
     * @param port port on 127.0.0.1; 0 picks a free one
     * @param file H2 file to persist into, or {@code null} for the in-memory backend
     */
    public EmbeddedMongoServer(int port, Path file) {
        this.port = port;
        this.file = file;
    }

    /** Binds the server. */
    public EmbeddedMongoServer start() {
        if (port != 0) {
            Ports.requireFree(port, "MongoDB-wire server", "--mongo-port / MONGO_PORT");
        }
        MongoBackend backend;
        if (file == null) {
            backend = new PlannedMemoryBackend();
        } else {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create directory for " + file, e);
            }
            backend = new PlannedH2Backend(file.toAbsolutePath().toString());
        }
        server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        address = server.getLocalAddress();
        return this;
    }

    /** {@code mongodb://127.0.0.1:<port>}, for {@code quarkus.mongodb.connection-string}. */
    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    /** Closes client connections and, for the file backend, flushes and closes the store. */
    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}
