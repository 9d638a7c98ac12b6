package io.rapport.common.event;

import java.math.BigDecimal;

/** A commercial transaction with the account: published to the transactions topic. */
public sealed interface TransactionEvent extends RapportEvent
        permits Transactions.Order,
                Transactions.InvoiceIssued,
                Transactions.PaymentReceived,
                Transactions.Refund,
                Transactions.ContractSigned,
                Transactions.ContractRenewalDue {

    /** The amount of money involved (never a float on the wire: a decimal string). */
    BigDecimal amount();

    /** ISO-4217 code of {@link #amount()}. */
    String currency();
}
