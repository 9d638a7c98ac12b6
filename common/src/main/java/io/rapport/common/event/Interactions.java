package io.rapport.common.event;

import static io.rapport.common.event.EventLimits.ID_MAX;
import static io.rapport.common.event.EventLimits.NAME_MAX;
import static io.rapport.common.event.EventLimits.TEXT_MAX;

import io.rapport.common.event.validation.ScoreWithinScale;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** The interaction event types of the contracts, one record each. */
public final class Interactions {
    private Interactions() {}

    /** A meeting with a contact of the account. */
    public record Meeting(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotNull Direction direction,
            @NotNull @Valid Contact contact,
            @PositiveOrZero @Max(24 * 60) Integer durationMinutes,
            @Size(max = NAME_MAX) String subject)
            implements InteractionEvent, TwoWayInteraction {
        @Override
        public EventType type() {
            return EventType.MEETING;
        }
    }

    /** A phone or video call with a contact of the account. */
    public record Call(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotNull Direction direction,
            @NotNull @Valid Contact contact,
            @PositiveOrZero @Max(24 * 3600) Integer durationSeconds)
            implements InteractionEvent, TwoWayInteraction {
        @Override
        public EventType type() {
            return EventType.CALL;
        }
    }

    /** An e-mail exchanged with a contact of the account. */
    public record Email(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotNull Direction direction,
            @NotNull @Valid Contact contact,
            @Size(max = NAME_MAX) String subject)
            implements InteractionEvent, TwoWayInteraction {
        @Override
        public EventType type() {
            return EventType.EMAIL;
        }
    }

    /** A chat, SMS or messaging-app message exchanged with a contact of the account. */
    public record Message(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotNull Direction direction,
            @NotNull @Valid Contact contact,
            @Size(max = NAME_MAX) String channel)
            implements InteractionEvent, TwoWayInteraction {
        @Override
        public EventType type() {
            return EventType.MESSAGE;
        }
    }

    /** A support ticket opened by or for the account. */
    public record SupportTicketOpened(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = ID_MAX) String ticketId,
            @NotNull Severity priority,
            @Size(max = NAME_MAX) String subject)
            implements InteractionEvent {
        @Override
        public EventType type() {
            return EventType.SUPPORT_TICKET_OPENED;
        }
    }

    /** A support ticket resolved; {@code occurredAt} is the resolution time. */
    public record SupportTicketResolved(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = ID_MAX) String ticketId,
            @PositiveOrZero Double resolutionHours)
            implements InteractionEvent {
        @Override
        public EventType type() {
            return EventType.SUPPORT_TICKET_RESOLVED;
        }
    }

    /** A survey answer: NPS 0–10 or CSAT 1–5. */
    @ScoreWithinScale
    public record SurveyResponse(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotNull SurveyKind survey,
            @NotNull Integer score,
            @Valid Contact contact,
            @Size(max = TEXT_MAX) String comment)
            implements InteractionEvent {
        @Override
        public EventType type() {
            return EventType.SURVEY_RESPONSE;
        }
    }

    /** Product usage over a period, e.g. 42 active users on 2026-11-30. */
    public record ProductUsage(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = NAME_MAX) String metric,
            @NotNull @PositiveOrZero BigDecimal quantity,
            LocalDate periodStart,
            LocalDate periodEnd)
            implements InteractionEvent {
        @Override
        public EventType type() {
            return EventType.PRODUCT_USAGE;
        }
    }

    /** A complaint from the account. */
    public record Complaint(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = NAME_MAX) String category,
            @NotNull Severity severity,
            @Size(max = TEXT_MAX) String description)
            implements InteractionEvent {
        @Override
        public EventType type() {
            return EventType.COMPLAINT;
        }
    }

    /** A delivery that arrived (or will arrive) late: by us to a customer, or by a supplier to us. */
    public record DeliveryDelayed(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = ID_MAX) String orderId,
            @NotNull @PositiveOrZero @Max(3650) Integer daysLate)
            implements InteractionEvent {
        @Override
        public EventType type() {
            return EventType.DELIVERY_DELAYED;
        }
    }

    /** A quality incident on goods or services exchanged with the account. */
    public record QualityIncident(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = ID_MAX) String reference,
            @NotNull Severity severity,
            @Size(max = TEXT_MAX) String description)
            implements InteractionEvent {
        @Override
        public EventType type() {
            return EventType.QUALITY_INCIDENT;
        }
    }
}
