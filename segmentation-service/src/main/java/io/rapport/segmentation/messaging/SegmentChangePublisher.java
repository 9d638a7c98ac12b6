package io.rapport.segmentation.messaging;

import io.rapport.common.event.MembershipChange;
import io.rapport.common.event.SegmentChangedEvent;
import io.rapport.common.json.RapportJson;
import io.rapport.segmentation.store.MembershipRepository;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bson.Document;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes entries and exits to {@code rapport.segment-changes.v1}, keyed by account, and waits for the
 * broker's acknowledgement: a change is recorded before it is published, and published again (same
 * event id) if a crash came in between.
 */
@ApplicationScoped
public class SegmentChangePublisher {
    static final String SOURCE = "segmentation-service";

    private final Emitter<String> emitter;

    SegmentChangePublisher(
            @Channel("segment-changes") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20_000)
                    Emitter<String> emitter) {
        this.emitter = emitter;
    }

    /** The event of a recorded change. */
    public static SegmentChangedEvent toEvent(MembershipRepository.Change c) {
        return new SegmentChangedEvent(
                c.eventId(),
                c.accountId(),
                c.at(),
                SOURCE,
                c.segment().id(),
                c.segment().name(),
                c.segment().version(),
                c.change(),
                c.causingEventId(),
                c.values());
    }

    /** The event of a history document. */
    public static SegmentChangedEvent toEvent(Document h) {
        Document values = h.get("values", Document.class);
        return new SegmentChangedEvent(
                h.getString("_id"),
                h.getString("accountId"),
                h.getDate("at").toInstant(),
                SOURCE,
                h.getString("segmentId"),
                h.getString("segmentName"),
                h.getInteger("definitionVersion"),
                "entered".equals(h.getString("change")) ? MembershipChange.ENTERED : MembershipChange.LEFT,
                h.getString("causingEventId"),
                values == null ? Map.of() : values);
    }

    /** Sends the events and waits until the broker acknowledged all of them. */
    public void publish(List<SegmentChangedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        for (SegmentChangedEvent event : events) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            String json = new String(RapportJson.toBytes(event), StandardCharsets.UTF_8);
            emitter.send(Message.of(json)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(event.accountId())
                            .build())
                    .withAck(() -> {
                        ack.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(t -> {
                        ack.completeExceptionally(t);
                        return CompletableFuture.completedFuture(null);
                    }));
            acks.add(ack);
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing segment changes", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("segment changes not acknowledged: " + e.getMessage(), e);
        }
    }
}
