package io.rapport.common.event;

import static io.rapport.common.event.EventLimits.CONTACTS_MAX;
import static io.rapport.common.event.EventLimits.ID_MAX;
import static io.rapport.common.event.EventLimits.NAME_MAX;
import static io.rapport.common.event.EventLimits.TAGS_MAX;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reference attributes of an account as the system of record knows them at {@code occurredAt}. The
 * latest by event time wins; published to the accounts topic.
 */
public record AccountEvent(
        @NotBlank @Size(max = ID_MAX) String eventId,
        @NotBlank @Size(max = ID_MAX) String accountId,
        @NotNull Instant occurredAt,
        @NotBlank @Size(max = NAME_MAX) String source,
        @NotBlank @Size(max = NAME_MAX) String name,
        @NotNull AccountKind kind,
        @Size(max = NAME_MAX) String industry,
        @Size(max = NAME_MAX) String region,
        @Size(max = NAME_MAX) String tier,
        @Size(max = NAME_MAX) String owningTeam,
        @Size(max = CONTACTS_MAX) List<@Valid @NotNull Contact> contacts,
        @Size(max = TAGS_MAX) List<@NotBlank @Size(max = NAME_MAX) String> tags)
        implements RapportEvent {

    public AccountEvent {
        // Not List.copyOf: a null element must reach validation as a field error, not throw here.
        contacts = contacts == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(contacts));
        tags = tags == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tags));
    }

    @Override
    public EventType type() {
        return EventType.ACCOUNT_UPDATED;
    }
}
