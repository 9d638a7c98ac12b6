package io.rapport.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rapport.common.event.EventType;
import io.rapport.localstack.testing.EmbeddedInfrastructureResource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad input never yields a 5xx: a few hundred random, truncated and garbled bodies on every format. */
@QuarkusTest
@WithTestResource(EmbeddedInfrastructureResource.class)
class FuzzedBodiesTest {
    private static final String[] CONTENT_TYPES = {
        "application/json", "application/x-ndjson", "application/cloudevents+json", "application/cloudevents-batch+json"
    };
    private static final String[] VALUES = {
        "null",
        "true",
        "-1",
        "1e999",
        "\"\"",
        "[]",
        "{}",
        "\"\\u0000\"",
        "\"2026-02-30T25:61:00Z\"",
        "123456789012345678901234567890",
        "\"-0.00000000001\"",
        "{\"a\":[[[[[]]]]]}",
        "\"ï¿½\"",
        "\"io.rapport.order.v1\""
    };

    @Test
    void noBadBodyYieldsA5xx() {
        Random random = new Random(20261127);
        List<String> failures = new ArrayList<>();
        EventType[] types = EventType.values();
        for (int i = 0; i < 300; i++) {
            String valid =
                    EventExamples.tree(types[random.nextInt(types.length)]).toString();
            byte[] body = switch (i % 5) {
                case 0 -> randomBytes(random);
                case 1 -> valid.substring(0, random.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8);
                case 2 -> replaceAValue(valid, random).getBytes(StandardCharsets.UTF_8);
                case 3 -> flipCharacters(valid, random).getBytes(StandardCharsets.UTF_8);
                default -> ("[" + replaceAValue(valid, random) + "," + valid + "]").getBytes(StandardCharsets.UTF_8);
            };
            String contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            String path = i % 7 == 0 ? "/v1/events/batch" : "/v1/events";
            if (path.endsWith("batch")) {
                contentType = "application/json";
            }
            var response =
                    TestKeys.asIngest().contentType(contentType).body(body).post(path);
            if (response.statusCode() >= 500) {
                failures.add(response.statusCode() + " for " + contentType + " "
                        + new String(body, StandardCharsets.UTF_8) + " -> " + response.asString());
            }
        }
        assertThat(failures).isEmpty();
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String replaceAValue(String json, Random random) {
        int colon = nthIndexOf(json, ':', random.nextInt(4) + 1);
        if (colon < 0) {
            return json;
        }
        int end = json.indexOf(',', colon);
        if (end < 0) {
            end = json.length() - 1;
        }
        return json.substring(0, colon + 1) + VALUES[random.nextInt(VALUES.length)] + json.substring(end);
    }

    private static String flipCharacters(String json, Random random) {
        char[] chars = json.toCharArray();
        for (int k = 0; k < 3; k++) {
            String noise = "{}[]\":,\\ x0é\n";
            chars[random.nextInt(chars.length)] = noise.charAt(random.nextInt(noise.length()));
        }
        return new String(chars);
    }

    private static int nthIndexOf(String text, char c, int n) {
        int index = -1;
        for (int k = 0; k < n; k++) {
            index = text.indexOf(c, index + 1);
            if (index < 0) {
                return -1;
            }
        }
        return index;
    }
}
