package io.rapport.scoring.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Direction;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import io.rapport.scoring.domain.AccountState;
import io.rapport.scoring.domain.Accounts;
import io.rapport.scoring.domain.Events;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;

class AccountStateMapperTest {

    @Test
    void stateSurvivesTheRoundTripThroughItsDocumentExactly() {
        Instant end = Instant.parse("2026-03-01T12:00:00.123456789Z");
        Events ev = new Events("acc.with$dots");
        List<RapportEvent> events = new ArrayList<>(Accounts.healthyEngagedPayer(ev, AccountKind.SUPPLIER, end));
        events.add(ev.ticketOpened(end.minus(Duration.ofDays(3)), "t.1$", Severity.HIGH));
        events.add(ev.ticketResolved(end.minus(Duration.ofDays(1)), "t.1$"));
        events.add(ev.survey(end.minus(Duration.ofDays(2)), SurveyKind.CSAT, 4));
        events.add(ev.complaint(end.minus(Duration.ofDays(2)), Severity.LOW));
        events.add(ev.usage(end, "api.calls$", "12.500"));
        events.add(ev.call(end, Direction.INBOUND, "c.9"));
        AccountState state = AccountState.empty("acc.with$dots").applyAll(events);

        Document doc = AccountStateMapper.toDocument(state);
        // Through BSON and back, as the driver would.
        String json = doc.toJson(JsonWriterSettings.builder().build(), new DocumentCodec());
        AccountState back = AccountStateMapper.toDomain(Document.parse(json));

        assertThat(back).isEqualTo(state);
        assertThat(keys(doc)).noneMatch(k -> k.contains(".") || k.contains("$"));
        assertThat(AccountStateMapper.fromBinary(AccountStateMapper.toBinary(state)))
                .isEqualTo(state);
    }

    private static List<String> keys(Object o) {
        List<String> keys = new ArrayList<>();
        if (o instanceof Document d) {
            d.forEach((k, v) -> {
                keys.add(k);
                keys.addAll(keys(v));
            });
        } else if (o instanceof List<?> l) {
            l.forEach(v -> keys.addAll(keys(v)));
        }
        return keys;
    }
}
