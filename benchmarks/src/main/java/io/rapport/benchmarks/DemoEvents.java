package io.rapport.benchmarks;

import io.rapport.common.event.RapportEvent;
import io.rapport.localstack.demo.DemoDataGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic events for benchmarks: whole account histories from {@link DemoDataGenerator}, so record
 * sizes and the mix of types match what the demo (and a real CRM feed) sends. Event ids are derived
 * from the account, so disjoint account ranges give disjoint ids (e.g. a warm-up and a measured run).
 */
public final class DemoEvents {
    private DemoEvents() {}

    /** The first {@code count} events of accounts {@code firstAccount, firstAccount + 1, ...}, account by account. */
    public static List<RapportEvent> take(long seed, int firstAccount, int count, Instant now) {
        DemoDataGenerator generator = new DemoDataGenerator(seed);
        List<RapportEvent> events = new ArrayList<>(count);
        for (int account = firstAccount; events.size() < count; account++) {
            for (RapportEvent event : generator.history(generator.account(account), now)) {
                if (events.size() == count) {
                    break;
                }
                events.add(event);
            }
        }
        return events;
    }
}
