package io.rapport.scoring.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoringPoliciesTest {

    @Test
    void violationsNameTheConfigPropertyInKebabCase() {
        assertThat(ScoringPolicies.kebabProperty(
                        "rapport.scoring.customer.halfLives.engagementDays must be > 0, was 0.0"))
                .isEqualTo("rapport.scoring.customer.half-lives.engagement-days must be > 0, was 0.0");
        assertThat(ScoringPolicies.kebabProperty("rapport.scoring.supplier.weights: value + engagement must sum to 1"))
                .isEqualTo("rapport.scoring.supplier.weights: value + engagement must sum to 1");
    }
}
