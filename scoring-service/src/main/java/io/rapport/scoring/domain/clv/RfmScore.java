package io.rapport.scoring.domain.clv;

/** RFM quintile scores, each 1 (lowest) to 5 (highest); recency 5 is the most recent. */
public record RfmScore(int recency, int frequency, int monetary) {

    public RfmScore {
        check("recency", recency);
        check("frequency", frequency);
        check("monetary", monetary);
    }

    private static void check(String name, int score) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException(name + " score must be 1..5, was " + score);
        }
    }
}
