package io.rapport.scoring.domain;

import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Contact;
import io.rapport.common.event.Direction;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.Severity;
import io.rapport.common.event.SurveyKind;
import io.rapport.common.event.Transactions;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Builds realistic events for one account, with unique, readable event ids. */
public final class Events {
    final String accountId;
    private int seq;

    public Events(String accountId) {
        this.accountId = accountId;
    }

    public String nextId(String type) {
        return accountId + "-" + type + "-" + (++seq);
    }

    public static Contact contact(String id) {
        return new Contact(id, "Contact " + id, id + "@example.com", "buyer");
    }

    public Interactions.Meeting meeting(Instant at, Direction d, String contactId) {
        return new Interactions.Meeting(nextId("meeting"), accountId, at, "crm", d, contact(contactId), 30, "review");
    }

    public Interactions.Call call(Instant at, Direction d, String contactId) {
        return new Interactions.Call(nextId("call"), accountId, at, "phone", d, contact(contactId), 600);
    }

    public Interactions.Email email(Instant at, Direction d, String contactId) {
        return new Interactions.Email(nextId("email"), accountId, at, "gmail", d, contact(contactId), "hello");
    }

    public Interactions.Message message(Instant at, Direction d, String contactId) {
        return new Interactions.Message(nextId("message"), accountId, at, "slack", d, contact(contactId), "chat");
    }

    public Interactions.SupportTicketOpened ticketOpened(Instant at, String ticketId, Severity priority) {
        return new Interactions.SupportTicketOpened(
                nextId("ticket-open"), accountId, at, "zendesk", ticketId, priority, "help");
    }

    public Interactions.SupportTicketResolved ticketResolved(Instant at, String ticketId) {
        return new Interactions.SupportTicketResolved(
                nextId("ticket-resolved"), accountId, at, "zendesk", ticketId, 4.5);
    }

    public Interactions.SurveyResponse survey(Instant at, SurveyKind kind, int score) {
        return new Interactions.SurveyResponse(
                nextId("survey"), accountId, at, "delighted", kind, score, contact("c-1"), null);
    }

    public Interactions.ProductUsage usage(Instant at, String metric, String quantity) {
        return new Interactions.ProductUsage(
                nextId("usage"), accountId, at, "product", metric, new BigDecimal(quantity), null, null);
    }

    public Interactions.Complaint complaint(Instant at, Severity severity) {
        return new Interactions.Complaint(
                nextId("complaint"), accountId, at, "zendesk", "billing", severity, "not happy");
    }

    public Interactions.DeliveryDelayed deliveryDelayed(Instant at, String orderId, int daysLate) {
        return new Interactions.DeliveryDelayed(nextId("delay"), accountId, at, "erp", orderId, daysLate);
    }

    public Interactions.QualityIncident qualityIncident(Instant at, Severity severity) {
        return new Interactions.QualityIncident(nextId("quality"), accountId, at, "qms", "lot-1", severity, "defect");
    }

    public Transactions.Order order(Instant at, String orderId, String amount) {
        return new Transactions.Order(nextId("order"), accountId, at, "erp", orderId, new BigDecimal(amount), "EUR");
    }

    public Transactions.InvoiceIssued invoice(Instant at, String invoiceId, String amount, LocalDate due) {
        return new Transactions.InvoiceIssued(
                nextId("invoice"), accountId, at, "erp", invoiceId, new BigDecimal(amount), "EUR", due);
    }

    public Transactions.PaymentReceived payment(Instant at, String invoiceId, String amount) {
        return new Transactions.PaymentReceived(
                nextId("payment"), accountId, at, "bank", invoiceId, new BigDecimal(amount), "EUR");
    }

    public Transactions.Refund refund(Instant at, String orderId, String amount) {
        return new Transactions.Refund(
                nextId("refund"), accountId, at, "erp", orderId, new BigDecimal(amount), "EUR", "damaged");
    }

    public Transactions.ContractSigned contract(
            Instant at, String contractId, String amount, LocalDate start, LocalDate end) {
        return new Transactions.ContractSigned(
                nextId("contract"), accountId, at, "crm", contractId, new BigDecimal(amount), "EUR", start, end);
    }

    public Transactions.ContractRenewalDue renewalDue(Instant at, String contractId, String amount, LocalDate renewal) {
        return new Transactions.ContractRenewalDue(
                nextId("renewal"), accountId, at, "crm", contractId, new BigDecimal(amount), "EUR", renewal);
    }

    public AccountEvent account(Instant at, AccountKind kind, String tier) {
        return new AccountEvent(
                nextId("account"),
                accountId,
                at,
                "crm",
                "Account " + accountId,
                kind,
                "manufacturing",
                "emea",
                tier,
                "team-a",
                List.of(contact("c-1"), contact("c-2")),
                List.of("key"));
    }
}
