package io.rapport.localstack.demo;

import io.rapport.common.event.AccountKind;
import java.util.SplittableRandom;

/**
 * The story a demo account's events tell over its history. The weights are the share, in percent, of
 * each profile among customers and partners and among suppliers; suppliers neither pay us nor answer
 * our surveys, so late payers, detractors, expansion candidates and prospects are customer stories.
 */
public enum AccountProfile {
    /** Orders grow in number and value, usage climbs, promoters in surveys. */
    GROWING(15, 15),
    /** Regular orders and usage, on-time payments, passive to promoter scores. */
    STEADY(28, 50),
    /** Fewer and smaller orders, falling usage, more tickets and complaints, weaker scores. */
    DECLINING(12, 25),
    /** Stops ordering four to six months before now, usage stops, then goes silent. */
    CHURNING(8, 10),
    /** Orders normally but pays 20–90 days after the due date, or not at all. */
    LATE_PAYER(10, 0),
    /** Low NPS and CSAT, many tickets and complaints, slow resolutions. */
    DETRACTOR(7, 0),
    /** Strong usage growth, high NPS and inbound interest: room to sell more. */
    EXPANSION_CANDIDATE(8, 0),
    /** Onboarded in the last few months: a sales cycle and a trial, no transactions yet. */
    NEW_PROSPECT(12, 0);

    private final int customerWeight;
    private final int supplierWeight;

    AccountProfile(int customerWeight, int supplierWeight) {
        this.customerWeight = customerWeight;
        this.supplierWeight = supplierWeight;
    }

    /** Share, in percent, of this profile among accounts of the given kind. */
    public int weight(AccountKind kind) {
        return kind == AccountKind.SUPPLIER ? supplierWeight : customerWeight;
    }

    /** Whether accounts of this profile sign contracts and trade with us. */
    public boolean trades() {
        return this != NEW_PROSPECT;
    }

    static AccountProfile pick(AccountKind kind, SplittableRandom random) {
        int total = 0;
        for (AccountProfile profile : values()) {
            total += profile.weight(kind);
        }
        int roll = random.nextInt(total);
        for (AccountProfile profile : values()) {
            roll -= profile.weight(kind);
            if (roll < 0) {
                return profile;
            }
        }
        throw new IllegalStateException("weights changed under us");
    }
}
