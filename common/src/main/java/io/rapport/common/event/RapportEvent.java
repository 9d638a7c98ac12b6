package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * What every event carries, whatever its type: the producer-chosen {@code eventId} (the idempotency
 * key), the account it concerns, when it happened (event time, UTC) and the system of record.
 */
// Wire names must match EventType; EventTypeTest checks that they do.
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Interactions.Meeting.class, name = "meeting"),
    @JsonSubTypes.Type(value = Interactions.Call.class, name = "call"),
    @JsonSubTypes.Type(value = Interactions.Email.class, name = "email"),
    @JsonSubTypes.Type(value = Interactions.Message.class, name = "message"),
    @JsonSubTypes.Type(value = Interactions.SupportTicketOpened.class, name = "support_ticket_opened"),
    @JsonSubTypes.Type(value = Interactions.SupportTicketResolved.class, name = "support_ticket_resolved"),
    @JsonSubTypes.Type(value = Interactions.SurveyResponse.class, name = "survey_response"),
    @JsonSubTypes.Type(value = Interactions.ProductUsage.class, name = "product_usage"),
    @JsonSubTypes.Type(value = Interactions.Complaint.class, name = "complaint"),
    @JsonSubTypes.Type(value = Interactions.DeliveryDelayed.class, name = "delivery_delayed"),
    @JsonSubTypes.Type(value = Interactions.QualityIncident.class, name = "quality_incident"),
    @JsonSubTypes.Type(value = Transactions.Order.class, name = "order"),
    @JsonSubTypes.Type(value = Transactions.InvoiceIssued.class, name = "invoice_issued"),
    @JsonSubTypes.Type(value = Transactions.PaymentReceived.class, name = "payment_received"),
    @JsonSubTypes.Type(value = Transactions.Refund.class, name = "refund"),
    @JsonSubTypes.Type(value = Transactions.ContractSigned.class, name = "contract_signed"),
    @JsonSubTypes.Type(value = Transactions.ContractRenewalDue.class, name = "contract_renewal_due"),
    @JsonSubTypes.Type(value = AccountEvent.class, name = "account_updated")
})
public sealed interface RapportEvent permits InteractionEvent, TransactionEvent, AccountEvent {

    /** Producer-chosen identifier; the same id twice means the same event. */
    String eventId();

    /** The account the event concerns; every topic is keyed by it. */
    String accountId();

    /** When it happened at the source (event time, not arrival time). */
    Instant occurredAt();

    /** System of record that produced it, e.g. {@code salesforce} or {@code zendesk}. */
    String source();

    /** The event's type; serialised as the {@code type} property. */
    @JsonIgnore
    EventType type();
}
