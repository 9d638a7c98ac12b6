package io.rapport.common.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the contracts, with its wire name, family and payload record. */
public enum EventType implements ContractType {
    MEETING("meeting", EventFamily.INTERACTION, Interactions.Meeting.class),
    CALL("call", EventFamily.INTERACTION, Interactions.Call.class),
    EMAIL("email", EventFamily.INTERACTION, Interactions.Email.class),
    MESSAGE("message", EventFamily.INTERACTION, Interactions.Message.class),
    SUPPORT_TICKET_OPENED("support_ticket_opened", EventFamily.INTERACTION, Interactions.SupportTicketOpened.class),
    SUPPORT_TICKET_RESOLVED(
            "support_ticket_resolved", EventFamily.INTERACTION, Interactions.SupportTicketResolved.class),
    SURVEY_RESPONSE("survey_response", EventFamily.INTERACTION, Interactions.SurveyResponse.class),
    PRODUCT_USAGE("product_usage", EventFamily.INTERACTION, Interactions.ProductUsage.class),
    COMPLAINT("complaint", EventFamily.INTERACTION, Interactions.Complaint.class),
    DELIVERY_DELAYED("delivery_delayed", EventFamily.INTERACTION, Interactions.DeliveryDelayed.class),
    QUALITY_INCIDENT("quality_incident", EventFamily.INTERACTION, Interactions.QualityIncident.class),
    ORDER("order", EventFamily.TRANSACTION, Transactions.Order.class),
    INVOICE_ISSUED("invoice_issued", EventFamily.TRANSACTION, Transactions.InvoiceIssued.class),
    PAYMENT_RECEIVED("payment_received", EventFamily.TRANSACTION, Transactions.PaymentReceived.class),
    REFUND("refund", EventFamily.TRANSACTION, Transactions.Refund.class),
    CONTRACT_SIGNED("contract_signed", EventFamily.TRANSACTION, Transactions.ContractSigned.class),
    CONTRACT_RENEWAL_DUE("contract_renewal_due", EventFamily.TRANSACTION, Transactions.ContractRenewalDue.class),
    ACCOUNT_UPDATED("account_updated", EventFamily.ACCOUNT, AccountEvent.class);

    /** Version of every payload schema on the {@code .v1} topics. */
    public static final int SCHEMA_VERSION = 1;

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final EventFamily family;
    private final Class<? extends RapportEvent> payloadClass;

    EventType(String wireName, EventFamily family, Class<? extends RapportEvent> payloadClass) {
        this.wireName = wireName;
        this.family = family;
        this.payloadClass = payloadClass;
    }

    /** The value of the {@code type} property on the wire, e.g. {@code support_ticket_opened}. */
    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Interaction, transaction or account. */
    public EventFamily family() {
        return family;
    }

    /** The record the payload deserialises into. */
    @Override
    public Class<? extends RapportEvent> payloadClass() {
        return payloadClass;
    }

    /** The topic events of this type are published to. */
    @Override
    public String topic() {
        return family.topic();
    }

    /** Looks a type up by its wire name. */
    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    @JsonCreator
    static EventType parse(String wireName) {
        return fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + wireName + "'"));
    }
}
