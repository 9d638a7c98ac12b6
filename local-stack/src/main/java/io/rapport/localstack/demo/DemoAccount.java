package io.rapport.localstack.demo;

import io.rapport.common.event.AccountKind;
import io.rapport.common.event.Contact;
import java.util.List;

/**
 * A demo account as its opening {@code account_updated} event describes it, with the profile its
 * history follows; callers use it to summarise what was seeded.
 *
 * @param index position among the generated accounts, from 1
 * @param currency ISO-4217 code of every amount on the account, set by its region
 */
public record DemoAccount(
        int index,
        String accountId,
        String name,
        AccountKind kind,
        AccountProfile profile,
        String industry,
        String region,
        String tier,
        String owningTeam,
        String currency,
        List<Contact> contacts,
        List<String> tags) {

    public DemoAccount {
        contacts = List.copyOf(contacts);
        tags = List.copyOf(tags);
    }
}
