package io.rapport.localstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.common.event.AccountEvent;
import io.rapport.common.event.AccountKind;
import io.rapport.common.event.EventType;
import io.rapport.common.event.Interactions;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.event.SurveyKind;
import io.rapport.common.event.TransactionEvent;
import io.rapport.common.event.Transactions;
import io.rapport.common.json.RapportJson;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoDataGeneratorTest {
    private static final long SEED = 42;
    private static final int ACCOUNTS = 300;
    // Sub-second on purpose: no event may fall after it, not even within its second.
    private static final Instant NOW = Instant.parse("2026-03-14T09:30:15.250Z");

    private static ValidatorFactory validatorFactory;
    private static List<RapportEvent> events;
    private static Map<String, DemoAccount> accounts;
    private static Map<String, List<RapportEvent>> byAccount;

    @BeforeAll
    static void generateOnce() {
        validatorFactory = jakarta.validation.Validation.buildDefaultValidatorFactory();
        DemoDataGenerator generator = new DemoDataGenerator(SEED);
        events = generator.generate(ACCOUNTS, NOW);
        accounts = generator.accounts(ACCOUNTS).collect(Collectors.toMap(DemoAccount::accountId, Function.identity()));
        byAccount = events.stream().collect(Collectors.groupingBy(RapportEvent::accountId));
    }

    @AfterAll
    static void close() {
        validatorFactory.close();
    }

    @Test
    void everyEventPassesBeanValidationAndRoundTripsThroughJson() throws Exception {
        Validator validator = validatorFactory.getValidator();
        List<String> violations = new ArrayList<>();
        List<String> notRoundTripped = new ArrayList<>();
        for (RapportEvent event : events) {
            for (ConstraintViolation<RapportEvent> violation : validator.validate(event)) {
                violations.add(event.eventId() + " " + violation.getPropertyPath() + ": " + violation.getMessage());
            }
            RapportEvent parsed = RapportJson.fromBytes(RapportJson.toBytes(event));
            if (!parsed.equals(event)) {
                notRoundTripped.add(event + " became " + parsed);
            }
        }
        assertThat(events).hasSizeGreaterThan(ACCOUNTS * 20);
        assertThat(violations).isEmpty();
        assertThat(notRoundTripped).isEmpty();
    }

    @Test
    void amountsHaveTwoDecimalsAndTheAccountsCurrency() {
        for (RapportEvent event : events) {
            if (event instanceof TransactionEvent transaction) {
                assertThat(transaction.amount().scale()).as(event.eventId()).isEqualTo(2);
                assertThat(transaction.amount()).as(event.eventId()).isPositive();
                assertThat(transaction.currency())
                        .as(event.eventId())
                        .isEqualTo(accounts.get(event.accountId()).currency());
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameEventsAndAnotherSeedOtherEvents() {
        List<RapportEvent> again = new DemoDataGenerator(SEED).generate(ACCOUNTS, NOW);
        List<RapportEvent> other = new DemoDataGenerator(SEED + 1).generate(ACCOUNTS, NOW);

        assertThat(again).isEqualTo(events);
        assertThat(other).isNotEqualTo(events);
        assertThat(new DemoDataGenerator(SEED + 1).accounts(ACCOUNTS).toList())
                .isNotEqualTo(new DemoDataGenerator(SEED).accounts(ACCOUNTS).toList());
    }

    @Test
    void anAccountsHistoryDoesNotDependOnHowManyAccountsAreGenerated() {
        List<RapportEvent> fewer = new DemoDataGenerator(SEED).generate(10, NOW);

        assertThat(fewer)
                .isEqualTo(events.stream()
                        .filter(e -> accounts.get(e.accountId()).index() <= 10)
                        .toList());
    }

    @Test
    void everyEventTypeAndEveryProfileAppears() {
        Set<EventType> types = events.stream().map(RapportEvent::type).collect(Collectors.toSet());
        Set<AccountProfile> profiles =
                accounts.values().stream().map(DemoAccount::profile).collect(Collectors.toSet());

        assertThat(types).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(EventType.class));
        assertThat(profiles).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(AccountProfile.class));
    }

    @Test
    void eventsAreSortedUniqueAndNoneIsAfterNow() {
        assertThat(events).isSortedAccordingTo(DemoDataGenerator.EVENT_ORDER);
        assertThat(events).allSatisfy(e -> assertThat(e.occurredAt()).isBeforeOrEqualTo(NOW));
        assertThat(events.stream().map(RapportEvent::eventId).distinct().count())
                .isEqualTo(events.size());
        assertThat(events).allSatisfy(e -> assertThat(e.eventId()).startsWith("demo-" + e.accountId() + "-"));
        assertThat(byAccount.keySet()).hasSize(ACCOUNTS).contains("acc-00001", "acc-00300");
    }

    @Test
    void eachHistoryOpensWithAnAccountEventWithinEighteenMonths() {
        Instant earliest = NOW.atOffset(ZoneOffset.UTC).minusMonths(18).toInstant();
        List<AccountEvent> openings =
                new DemoDataGenerator(SEED).accountEvents(ACCOUNTS, NOW).toList();

        assertThat(openings).hasSize(ACCOUNTS);
        for (AccountEvent opening : openings) {
            List<RapportEvent> history = byAccount.get(opening.accountId());
            assertThat(history.get(0)).isEqualTo(opening);
            assertThat(opening.occurredAt()).isAfterOrEqualTo(earliest);
            assertThat(opening.contacts()).hasSizeBetween(1, 6);
            assertThat(opening.tier()).isIn("strategic", "key", "core", "tail");
            assertThat(opening.region()).isIn("EMEA", "NA", "APAC", "LATAM");
        }
    }

    @Test
    void theStreamingVariantYieldsTheSameEventsAccountByAccount() {
        List<RapportEvent> streamed = new ArrayList<>();
        new DemoDataGenerator(SEED).generate(ACCOUNTS, NOW, streamed::add);

        // Account after account: once an account's events end, it never comes back.
        Set<String> finished = new HashSet<>();
        String current = null;
        for (RapportEvent event : streamed) {
            if (!event.accountId().equals(current)) {
                assertThat(finished.add(event.accountId())).as(event.eventId()).isTrue();
                current = event.accountId();
            }
        }
        for (List<RapportEvent> history : byAccount.values()) {
            assertThat(history).isSortedAccordingTo(DemoDataGenerator.EVENT_ORDER);
        }
        List<RapportEvent> sorted = new ArrayList<>(streamed);
        sorted.sort(DemoDataGenerator.EVENT_ORDER);
        assertThat(sorted).isEqualTo(events);
    }

    @Test
    void accountKindsFollowRealisticProportions() {
        Map<AccountKind, Long> kinds =
                accounts.values().stream().collect(Collectors.groupingBy(DemoAccount::kind, Collectors.counting()));

        assertThat(kinds.get(AccountKind.CUSTOMER)).isBetween(180L, 270L);
        assertThat(kinds.get(AccountKind.SUPPLIER)).isBetween(25L, 70L);
        assertThat(kinds.get(AccountKind.PARTNER)).isBetween(12L, 50L);
        // Suppliers are paid by us, not the other way round, and answer no customer surveys.
        for (DemoAccount supplier : accountsOf(a -> a.kind() == AccountKind.SUPPLIER)) {
            assertThat(byAccount.get(supplier.accountId()))
                    .noneMatch(e -> e instanceof Transactions.InvoiceIssued
                            || e instanceof Transactions.PaymentReceived
                            || e instanceof Interactions.SurveyResponse);
        }
    }

    @Test
    void churningAccountsHaveNoTransactionInTheLast120Days() {
        Instant cutoff = NOW.minus(Duration.ofDays(120));
        List<DemoAccount> churning = accountsOf(a -> a.profile() == AccountProfile.CHURNING);

        assertThat(churning).isNotEmpty();
        for (DemoAccount account : churning) {
            List<RapportEvent> history = byAccount.get(account.accountId());
            assertThat(history).as(account.accountId()).anyMatch(e -> e instanceof Transactions.Order);
            assertThat(history)
                    .as(account.accountId())
                    .filteredOn(e -> e instanceof TransactionEvent)
                    .allSatisfy(e -> assertThat(e.occurredAt()).isBefore(cutoff));
            assertThat(history)
                    .as(account.accountId())
                    .filteredOn(e -> e instanceof Interactions.ProductUsage)
                    .allSatisfy(e -> assertThat(e.occurredAt()).isBefore(cutoff));
        }
    }

    @Test
    void latePayersPayAfterTheDueDate() {
        List<DemoAccount> latePayers = accountsOf(a -> a.profile() == AccountProfile.LATE_PAYER);
        int payments = 0;

        assertThat(latePayers).isNotEmpty();
        for (DemoAccount account : latePayers) {
            Map<String, LocalDate> due = new HashMap<>();
            for (RapportEvent event : byAccount.get(account.accountId())) {
                if (event instanceof Transactions.InvoiceIssued invoice) {
                    due.put(invoice.invoiceId(), invoice.dueDate());
                } else if (event instanceof Transactions.PaymentReceived payment) {
                    payments++;
                    LocalDate paidOn =
                            payment.occurredAt().atOffset(ZoneOffset.UTC).toLocalDate();
                    assertThat(due).containsKey(payment.invoiceId());
                    assertThat(paidOn).as(payment.eventId()).isAfter(due.get(payment.invoiceId()));
                }
            }
        }
        assertThat(payments).isGreaterThan(latePayers.size());
    }

    @Test
    void detractorsMostlyScoreSixOrLessOnNps() {
        List<Integer> scores = accountsOf(a -> a.profile() == AccountProfile.DETRACTOR).stream()
                .flatMap(a -> byAccount.get(a.accountId()).stream())
                .filter(e -> e instanceof Interactions.SurveyResponse s && s.survey() == SurveyKind.NPS)
                .map(e -> ((Interactions.SurveyResponse) e).score())
                .toList();
        List<Integer> promoterScores = accountsOf(a -> a.profile() == AccountProfile.EXPANSION_CANDIDATE).stream()
                .flatMap(a -> byAccount.get(a.accountId()).stream())
                .filter(e -> e instanceof Interactions.SurveyResponse s && s.survey() == SurveyKind.NPS)
                .map(e -> ((Interactions.SurveyResponse) e).score())
                .toList();

        assertThat(scores).hasSizeGreaterThan(10);
        assertThat(scores.stream().filter(s -> s <= 6).count())
                .isGreaterThanOrEqualTo(Math.round(scores.size() * 0.75));
        assertThat(promoterScores).isNotEmpty().allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(8));
    }

    @Test
    void growingAccountsOrderMoreInTheLastQuarterThanInTheFirst() {
        List<DemoAccount> growing = accountsOf(a -> a.profile() == AccountProfile.GROWING);

        assertThat(growing).isNotEmpty();
        for (DemoAccount account : growing) {
            List<RapportEvent> history = byAccount.get(account.accountId());
            Instant start = history.get(0).occurredAt();
            BigDecimal first = orderValue(history, start, start.plus(Duration.ofDays(91)));
            BigDecimal last = orderValue(history, NOW.minus(Duration.ofDays(91)), NOW);
            assertThat(last).as(account.accountId()).isGreaterThan(first);
        }
    }

    @Test
    void expansionCandidatesUseTheProductMoreAndMore() {
        for (DemoAccount account : accountsOf(a -> a.profile() == AccountProfile.EXPANSION_CANDIDATE)) {
            List<BigDecimal> usage = byAccount.get(account.accountId()).stream()
                    .filter(e -> e instanceof Interactions.ProductUsage)
                    .map(e -> ((Interactions.ProductUsage) e).quantity())
                    .toList();
            assertThat(usage).as(account.accountId()).hasSizeGreaterThan(60);
            assertThat(usage.get(usage.size() - 1)).as(account.accountId()).isGreaterThan(usage.get(0));
        }
    }

    @Test
    void refusesANegativeAccountCount() {
        assertThatThrownBy(() -> new DemoDataGenerator(SEED).generate(-1, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static BigDecimal orderValue(List<RapportEvent> history, Instant from, Instant to) {
        return history.stream()
                .filter(e -> e instanceof Transactions.Order)
                .filter(e -> !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to))
                .map(e -> ((Transactions.Order) e).amount())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static List<DemoAccount> accountsOf(java.util.function.Predicate<DemoAccount> filter) {
        return accounts.values().stream().filter(filter).toList();
    }
}
