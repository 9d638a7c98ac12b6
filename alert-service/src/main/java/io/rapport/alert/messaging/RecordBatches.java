package io.rapport.alert.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * How the batch consumers treat one poll: every record is parsed and validated first and those that fail
 * are dead-lettered one by one; the others are processed together (one read and one write of the
 * accounts they touch). Should processing the batch fail, its records are processed again one at a time,
 * which is the path of a redelivery (whatever the batch stored is recognised and re-emitted, not
 * repeated), and only a record that fails on its own is dead-lettered: one bad record never takes the
 * rest of the poll with it.
 */
@ApplicationScoped
public class RecordBatches {
    private static final Logger LOG = Logger.getLogger(RecordBatches.class);

    private final DeadLetters deadLetters;

    RecordBatches(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * Parses each record with {@code parse} (an exception dead-letters it), hands the parsed values to
     * {@code batch} in record order, or, if that throws, each to {@code one}.
     */
    public <T> void process(
            Iterable<ConsumerRecord<String, String>> records,
            Function<String, T> parse,
            Consumer<List<T>> batch,
            Consumer<T> one) {
        List<ConsumerRecord<String, String>> parsedRecords = new ArrayList<>();
        List<T> values = new ArrayList<>();
        List<DeadLetters.DeadLetter> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                values.add(parse.apply(r.value()));
                parsedRecords.add(r);
            } catch (RuntimeException e) {
                dead.add(new DeadLetters.DeadLetter(r, e));
            }
        }
        if (!dead.isEmpty()) {
            deadLetters.publish(dead);
        }
        if (values.isEmpty()) {
            return;
        }
        try {
            batch.accept(values);
        } catch (RuntimeException e) {
            LOG.warnf("a batch of %d records failed (%s); processing them one at a time", values.size(), e.toString());
            List<DeadLetters.DeadLetter> failed = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                try {
                    one.accept(values.get(i));
                } catch (RuntimeException single) {
                    failed.add(new DeadLetters.DeadLetter(parsedRecords.get(i), single));
                }
            }
            if (!failed.isEmpty()) {
                deadLetters.publish(failed);
            }
        }
    }
}
