package io.rapport.alert.messaging;

import io.rapport.alert.domain.rules.Signal;
import io.rapport.common.event.SegmentChangedEvent;
import io.rapport.common.runtime.PayloadReader;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Evaluates the segment entered/left rules on membership changes; poison records are dead-lettered. */
@ApplicationScoped
public class SegmentChangeConsumer {
    private final PayloadReader reader;
    private final SignalHandler signals;

    SegmentChangeConsumer(PayloadReader reader, SignalHandler signals) {
        this.reader = reader;
        this.signals = signals;
    }

    @Incoming("segment-changes")
    @Blocking
    public void onSegmentChange(String payload) {
        SegmentChangedEvent change = reader.read(payload, SegmentChangedEvent.class);
        signals.handle(change.accountId(), new Signal.Segment(change));
    }
}
