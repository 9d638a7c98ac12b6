package io.rapport.ingest.domain;

import io.rapport.common.event.RapportEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes parsed submissions through the rest of ingest: the time check, duplicate detection, publish,
 * and remembering what was accepted. An event counts as accepted only once Kafka acknowledged it;
 * its key is recorded after that, so a crash in between republishes (downstream is idempotent)
 * instead of losing it.
 */
public final class EventIntake {
    private final AcceptedEventLog acceptedEvents;
    private final EventPublisher publisher;
    private final Clock clock;
    private final Duration maxFutureSkew;
    private final Duration publishTimeout;

    public EventIntake(
            AcceptedEventLog acceptedEvents,
            EventPublisher publisher,
            Clock clock,
            Duration maxFutureSkew,
            Duration publishTimeout) {
        this.acceptedEvents = acceptedEvents;
        this.publisher = publisher;
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
        this.publishTimeout = publishTimeout;
    }

    /** Processes one request's submissions, in order, and reports the outcome of each. */
    public IngestReport process(List<Submission> submissions) {
        Instant latestAllowed = clock.instant().plus(maxFutureSkew);
        List<Rejection> rejections = new ArrayList<>();
        Map<Integer, IngestReport.EventResult> results = new LinkedHashMap<>();
        List<Submission> candidates = new ArrayList<>();
        for (Submission submission : submissions) {
            if (!submission.valid()) {
                rejections.addAll(submission.rejections());
                results.put(submission.index(), result(submission, EventOutcome.REJECTED));
            } else if (submission.event().occurredAt().isAfter(latestAllowed)) {
                rejections.add(new Rejection(
                        submission.index(), "occurredAt", "lies more than " + maxFutureSkew + " in the future"));
                results.put(submission.index(), result(submission, EventOutcome.REJECTED));
            } else {
                candidates.add(submission);
            }
        }

        Set<String> seen = new HashSet<>(acceptedEvents.alreadyAccepted(
                candidates.stream().map(s -> s.event().eventId()).toList()));
        List<Submission> fresh = new ArrayList<>();
        for (Submission candidate : candidates) {
            // add() also catches the same eventId twice within one request
            if (seen.add(candidate.event().eventId())) {
                fresh.add(candidate);
            } else {
                results.put(candidate.index(), result(candidate, EventOutcome.DUPLICATE));
            }
        }

        // One deadline for the whole request. A send can block (missing metadata while the broker is
        // down): once the deadline passed or a send failed at once, the rest are not sent but reported
        // not written, so a request never takes much longer than the publish timeout.
        long deadline = System.nanoTime() + publishTimeout.toNanos();
        List<CompletableFuture<Void>> acks = new ArrayList<>(fresh.size());
        boolean giveUp = false;
        for (Submission submission : fresh) {
            if (giveUp || System.nanoTime() > deadline) {
                giveUp = true;
                acks.add(CompletableFuture.failedFuture(new IllegalStateException("not sent: Kafka unavailable")));
                continue;
            }
            CompletableFuture<Void> ack = publisher.publish(submission.event());
            giveUp = ack.isCompletedExceptionally();
            acks.add(ack);
        }
        List<RapportEvent> written = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            Submission submission = fresh.get(i);
            boolean acked = awaitAck(acks.get(i), deadline);
            results.put(
                    submission.index(), result(submission, acked ? EventOutcome.ACCEPTED : EventOutcome.NOT_WRITTEN));
            if (acked) {
                written.add(submission.event());
            }
        }
        if (!written.isEmpty()) {
            acceptedEvents.remember(written);
        }
        List<IngestReport.EventResult> ordered = new ArrayList<>(results.values());
        ordered.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new IngestReport(ordered, rejections);
    }

    private static boolean awaitAck(CompletableFuture<Void> ack, long deadlineNanos) {
        try {
            ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    private static IngestReport.EventResult result(Submission submission, EventOutcome outcome) {
        String eventId = submission.event() == null ? null : submission.event().eventId();
        return new IngestReport.EventResult(submission.index(), eventId, submission.declaredType(), outcome);
    }
}
