package io.rapport.localstack.infra;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** The local stack's in-memory store answers as mongo-java-server's memory backend does. */
class PlannedMemoryBackendTest extends PlannedBackendTest {
    @Override
    EmbeddedMongoServer startPlanned() {
        return new EmbeddedMongoServer(0, null).start();
    }

    @Override
    MongoServer plain() {
        return new MongoServer(new MemoryBackend());
    }
}
