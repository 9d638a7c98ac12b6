package io.rapport.segmentation.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The segments every installation has: eleven RFM-named segments, three score bands and four value
 * tiers, each an ordinary CEL expression. The RFM segments partition every account with RFM figures by
 * recency R and FM, the rounded mean of frequency and monetary (table in the README).
 */
public final class BuiltInSegments {
    /** Bump when an expression below changes: the stored built-ins are revised and back-filled. */
    public static final int VERSION = 1;

    private BuiltInSegments() {}

    /** A built-in segment's id, name, description and expression. */
    public record BuiltIn(String id, String name, String description, String expression) {}

    public static final List<BuiltIn> ALL = build();

    /**
     * The built-ins as definitions created by {@code system} at {@code at}, without their attributes
     * (which need the compiler: {@link SegmentDefinition#withAttributes}).
     */
    public static List<SegmentDefinition> definitions(Instant at) {
        return ALL.stream()
                .map(b -> new SegmentDefinition(
                        b.id(), b.name(), b.description(), b.expression(), VERSION, true, "system", at, at, null))
                .toList();
    }

    private static List<BuiltIn> build() {
        List<BuiltIn> list = new ArrayList<>();
        rfm(list, "rfm-champions", "Champions", "Bought recently, buy often and spend the most", "r == 5 && fm >= 4");
        rfm(list, "rfm-loyal", "Loyal", "Buy regularly and spend well", "(r == 3 || r == 4) && fm >= 4");
        rfm(
                list,
                "rfm-potential-loyalist",
                "Potential Loyalist",
                "Recent, average frequency and spend",
                "r >= 4 && (fm == 2 || fm == 3)");
        rfm(list, "rfm-new", "New", "Bought very recently, not often yet", "r == 5 && fm == 1");
        rfm(list, "rfm-promising", "Promising", "Recent buyers who have not spent much yet", "r == 4 && fm == 1");
        rfm(list, "rfm-need-attention", "Need Attention", "Middling recency, frequency and spend", "r == 3 && fm == 3");
        rfm(list, "rfm-about-to-sleep", "About to Sleep", "Below-average recency and frequency", "r == 3 && fm <= 2");
        rfm(list, "rfm-at-risk", "At Risk", "Spent well and often, but long ago", "r <= 2 && (fm == 3 || fm == 4)");
        rfm(
                list,
                "rfm-cant-lose-them",
                "Can't Lose Them",
                "Were among the best, have not come back",
                "r <= 2 && fm == 5");
        rfm(
                list,
                "rfm-hibernating",
                "Hibernating",
                "Last purchase long ago, low frequency and spend",
                "r <= 2 && fm <= 2 && !(r == 1 && fm == 1)");
        rfm(list, "rfm-lost", "Lost", "Lowest recency, frequency and spend", "r == 1 && fm == 1");
        list.add(new BuiltIn("band-healthy", "Score band: healthy", "Score band healthy", "band == 'healthy'"));
        list.add(new BuiltIn("band-watch", "Score band: watch", "Score band watch", "band == 'watch'"));
        list.add(new BuiltIn("band-at-risk", "Score band: at risk", "Score band at risk", "band == 'at_risk'"));
        list.add(new BuiltIn(
                "value-strategic", "Value tier: strategic", "Top 5% by predicted value", "valueTier == 'strategic'"));
        list.add(new BuiltIn("value-key", "Value tier: key", "Next 15% by predicted value", "valueTier == 'key'"));
        list.add(new BuiltIn("value-core", "Value tier: core", "Next 50% by predicted value", "valueTier == 'core'"));
        list.add(new BuiltIn("value-tail", "Value tier: tail", "Bottom 30% by predicted value", "valueTier == 'tail'"));
        return List.copyOf(list);
    }

    /** Ids of the value-tier segments, re-evaluated when the percentiles move. */
    public static final List<String> VALUE_TIER_IDS =
            List.of("value-strategic", "value-key", "value-core", "value-tail");

    private static void rfm(List<BuiltIn> list, String id, String name, String description, String condition) {
        // r and fm are spelled out: CEL has no let-bindings in the standard environment.
        String expression = "rfm.recency >= 1 && "
                + condition.replaceAll("\\bfm\\b", "rfm.fm").replaceAll("\\br\\b", "rfm.recency");
        list.add(new BuiltIn(id, name, description, expression));
    }
}
