package io.rapport.common.event;

import static io.rapport.common.event.EventLimits.COMPONENTS_MAX;
import static io.rapport.common.event.EventLimits.ID_MAX;
import static io.rapport.common.event.EventLimits.MAP_ENTRIES_MAX;
import static io.rapport.common.event.EventLimits.NAME_MAX;
import static io.rapport.common.event.EventLimits.TAGS_MAX;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.rapport.common.event.validation.CurrencyCode;
import io.rapport.common.json.DecimalStringDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An account's relationship score after scoring recomputed it, published to {@code rapport.scores.v1}
 * keyed by {@code accountId}. It carries everything needed to explain the number: the components with
 * their weights and previous values, the indicators behind them, the lifecycle stage, CLV and RFM
 * figures, and what caused the recomputation. {@code eventId} is deterministic (the same input yields
 * the same id) so consumers can deduplicate replays; {@code revision} increases per account, so a
 * consumer drops any event whose revision is not above the last one it applied. Primitive components
 * are required on the wire: a missing {@code score} is a parse error, never a silent zero.
 */
public record ScoreChangedEvent(
        @NotBlank @Size(max = ID_MAX) String eventId,
        @NotBlank @Size(max = ID_MAX) String accountId,
        @NotNull Instant occurredAt,
        @NotBlank @Size(max = NAME_MAX) String source,
        @JsonProperty(required = true) @PositiveOrZero long revision,

        @JsonProperty(required = true) @DecimalMin("0") @DecimalMax("100")
        double score,

        @NotNull ScoreBand band,
        @DecimalMin("0") @DecimalMax("100") Double previousScore,
        ScoreBand previousBand,
        @NotNull @Size(max = COMPONENTS_MAX) List<@Valid @NotNull ComponentValue> components,
        @NotNull LifecycleStage lifecycleStage,
        LifecycleStage previousLifecycleStage,
        @Valid ClvFigures clv,
        @Valid RfmScores rfm,
        @Valid AccountSnapshot account,
        @NotNull @Size(max = MAP_ENTRIES_MAX) Map<@NotBlank @Size(max = NAME_MAX) String, @NotNull Double> indicators,
        @NotNull ScoreCause cause,
        @Size(max = ID_MAX) String causingEventId,
        @Size(max = NAME_MAX) String modelVersion) {

    public ScoreChangedEvent {
        // Copies that keep null elements: a null must reach validation as a field error, not throw here.
        components = components == null ? null : Collections.unmodifiableList(new ArrayList<>(components));
        indicators = indicators == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(indicators));
    }

    /**
     * One component of the score (value, engagement, sentiment, risk, ...), 0–100, with its share of
     * the blend: {@code weight} is normalised, so the weights of one event sum to 1.
     */
    public record ComponentValue(
            @NotBlank @Size(max = NAME_MAX) String name,

            @JsonProperty(required = true) @DecimalMin("0") @DecimalMax("100")
            double value,

            @DecimalMin("0") @DecimalMax("100") Double previousValue,

            @JsonProperty(required = true) @DecimalMin("0") @DecimalMax("1")
            double weight) {}

    /**
     * Customer-lifetime-value figures from the BG/NBD and Gamma-Gamma models: probability the account
     * is still active, expected transactions and predicted spend over the next {@code horizonDays}.
     */
    public record ClvFigures(
            @JsonProperty(required = true) @DecimalMin("0") @DecimalMax("1")
            double pAlive,

            @JsonProperty(required = true) @PositiveOrZero double expectedTransactions,

            @JsonProperty(required = true) @Positive @Max(3650)
            int horizonDays,

            @NotNull
            @PositiveOrZero
            @Digits(integer = 15, fraction = 4)
            @JsonFormat(shape = JsonFormat.Shape.STRING)
            @JsonDeserialize(using = DecimalStringDeserializer.class)
            BigDecimal predictedValue,

            @NotNull @CurrencyCode String currency) {}

    /** RFM quintiles across the account base: 5 is the most recent, most frequent, highest spending. */
    public record RfmScores(
            @JsonProperty(required = true) @Min(1) @Max(5) int recency,
            @JsonProperty(required = true) @Min(1) @Max(5) int frequency,
            @JsonProperty(required = true) @Min(1) @Max(5) int monetary) {}

    /** The account's reference attributes as scoring knew them, so consumers need not look them up. */
    public record AccountSnapshot(
            @NotBlank @Size(max = NAME_MAX) String name,
            @NotNull AccountKind kind,
            @Size(max = NAME_MAX) String industry,
            @Size(max = NAME_MAX) String region,
            @Size(max = NAME_MAX) String tier,
            @Size(max = NAME_MAX) String owningTeam,
            @Size(max = TAGS_MAX) List<@NotBlank @Size(max = NAME_MAX) String> tags) {

        public AccountSnapshot {
            tags = tags == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(tags));
        }
    }
}
