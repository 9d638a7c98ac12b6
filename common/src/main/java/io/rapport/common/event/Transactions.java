package io.rapport.common.event;

import static io.rapport.common.event.EventLimits.ID_MAX;
import static io.rapport.common.event.EventLimits.NAME_MAX;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.rapport.common.event.validation.CurrencyCode;
import io.rapport.common.json.DecimalStringDeserializer;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The transaction event types of the contracts, one record each. Amounts are decimal strings on the
 * wire ({@code "1250.00"}), never floats, and never negative: a refund is a positive amount returned.
 */
public final class Transactions {
    private Transactions() {}

    /** An order placed by the account (or, for a supplier, placed by us with it). */
    public record Order(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = ID_MAX) String orderId,

            @NotNull
            @PositiveOrZero
            @Digits(integer = 15, fraction = 4)
            @JsonFormat(shape = JsonFormat.Shape.STRING)
            @JsonDeserialize(using = DecimalStringDeserializer.class)
            BigDecimal amount,

            @NotNull @CurrencyCode String currency)
            implements TransactionEvent {
        @Override
        public EventType type() {
            return EventType.ORDER;
        }
    }

    /** An invoice issued to the account, due on {@code dueDate}. */
    public record InvoiceIssued(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = ID_MAX) String invoiceId,

            @NotNull
            @PositiveOrZero
            @Digits(integer = 15, fraction = 4)
            @JsonFormat(shape = JsonFormat.Shape.STRING)
            @JsonDeserialize(using = DecimalStringDeserializer.class)
            BigDecimal amount,

            @NotNull @CurrencyCode String currency,
            @NotNull LocalDate dueDate)
            implements TransactionEvent {
        @Override
        public EventType type() {
            return EventType.INVOICE_ISSUED;
        }
    }

    /** A payment received from the account, against an invoice when known. */
    public record PaymentReceived(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @Size(max = ID_MAX) String invoiceId,

            @NotNull
            @PositiveOrZero
            @Digits(integer = 15, fraction = 4)
            @JsonFormat(shape = JsonFormat.Shape.STRING)
            @JsonDeserialize(using = DecimalStringDeserializer.class)
            BigDecimal amount,

            @NotNull @CurrencyCode String currency)
            implements TransactionEvent {
        @Override
        public EventType type() {
            return EventType.PAYMENT_RECEIVED;
        }
    }

    /** Money returned to the account, for an order when known. */
    public record Refund(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @Size(max = ID_MAX) String orderId,

            @NotNull
            @PositiveOrZero
            @Digits(integer = 15, fraction = 4)
            @JsonFormat(shape = JsonFormat.Shape.STRING)
            @JsonDeserialize(using = DecimalStringDeserializer.class)
            BigDecimal amount,

            @NotNull @CurrencyCode String currency,
            @Size(max = NAME_MAX) String reason)
            implements TransactionEvent {
        @Override
        public EventType type() {
            return EventType.REFUND;
        }
    }

    /** A contract signed with the account; {@code amount} is its annual value. */
    public record ContractSigned(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = ID_MAX) String contractId,

            @NotNull
            @PositiveOrZero
            @Digits(integer = 15, fraction = 4)
            @JsonFormat(shape = JsonFormat.Shape.STRING)
            @JsonDeserialize(using = DecimalStringDeserializer.class)
            BigDecimal amount,

            @NotNull @CurrencyCode String currency,
            @NotNull LocalDate startDate,
            @NotNull LocalDate endDate)
            implements TransactionEvent {
        @Override
        public EventType type() {
            return EventType.CONTRACT_SIGNED;
        }
    }

    /** A contract coming up for renewal on {@code renewalDate}; {@code amount} is the value at stake. */
    public record ContractRenewalDue(
            @NotBlank @Size(max = ID_MAX) String eventId,
            @NotBlank @Size(max = ID_MAX) String accountId,
            @NotNull Instant occurredAt,
            @NotBlank @Size(max = NAME_MAX) String source,
            @NotBlank @Size(max = ID_MAX) String contractId,

            @NotNull
            @PositiveOrZero
            @Digits(integer = 15, fraction = 4)
            @JsonFormat(shape = JsonFormat.Shape.STRING)
            @JsonDeserialize(using = DecimalStringDeserializer.class)
            BigDecimal amount,

            @NotNull @CurrencyCode String currency,
            @NotNull LocalDate renewalDate)
            implements TransactionEvent {
        @Override
        public EventType type() {
            return EventType.CONTRACT_RENEWAL_DUE;
        }
    }
}
