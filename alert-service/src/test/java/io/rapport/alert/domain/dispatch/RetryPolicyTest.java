package io.rapport.alert.domain.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private final RetryPolicy policy =
            new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofHours(24));

    @ParameterizedTest
    @CsvSource({"1, 5, 10", "2, 10, 20", "3, 20, 40", "7, 300, 600", "20, 300, 600"})
    void backOffDoublesWithJitterUpToTheCap(int attempts, long minSeconds, long maxSeconds) {
        Instant low = policy.nextAttempt(T0, attempts, T0, null, () -> 0.0);
        Instant high = policy.nextAttempt(T0, attempts, T0, null, () -> 0.999999);
        assertThat(Duration.between(T0, low).toSeconds()).isEqualTo(minSeconds);
        assertThat(Duration.between(T0, high).toSeconds()).isBetween(maxSeconds - 1, maxSeconds);
    }

    @Test
    void retryAfterIsHonouredWhenLongerThanTheBackOff() {
        Instant next = policy.nextAttempt(T0, 1, T0, Duration.ofSeconds(120), () -> 0.5);
        assertThat(next).isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void givesUpAfterTheConfiguredTime() {
        assertThat(policy.nextAttempt(T0, 50, T0.plus(Duration.ofHours(24)), null, () -> 0.5))
                .isNull();
        assertThat(policy.nextAttempt(T0, 50, T0.plus(Duration.ofHours(23).plusMinutes(59)), null, () -> 0.5))
                .isEqualTo(T0.plus(Duration.ofHours(24)));
    }

    @ParameterizedTest
    @CsvSource({
        "200, Delivered",
        "500, Retryable",
        "503, Retryable",
        "429, Retryable",
        "408, Retryable",
        "400, Permanent",
        "404, Permanent",
        "410, Permanent"
    })
    void httpStatusesAreClassified(int status, String kind) {
        assertThat(DeliveryResult.ofHttpStatus(status, null).getClass().getSimpleName())
                .isEqualTo(kind);
    }
}
