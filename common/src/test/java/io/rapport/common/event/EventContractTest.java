package io.rapport.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.rapport.common.event.validation.ScoreWithinScale;
import io.rapport.common.json.RapportJson;
import io.rapport.common.testing.EventFixtures;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each contract's committed fixture, JSON Schema and record agree: the fixture validates and
 * round-trips, and the schema states exactly the record's properties, required fields, length limits,
 * ranges and enum values (nested records through {@code $defs} included).
 */
class EventContractTest {
    private static final ObjectMapper JSON = RapportJson.mapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private static final java.util.Map<String, Schema> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    private static ValidatorFactory validatorFactory;
    private static Validator validator;

    @BeforeAll
    static void startValidator() {
        validatorFactory = Validation.buildDefaultValidatorFactory();
        validator = validatorFactory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        validatorFactory.close();
    }

    static Stream<ContractType> contracts() {
        return ContractTypes.all();
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void fixtureValidatesAgainstItsSchema(ContractType type) throws Exception {
        assertThat(schemaErrors(type, JSON.readTree(EventFixtures.json(type)))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void schemaIsPublishableAsIs(ContractType type) {
        JsonNode schema = EventSchemas.node(type);
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText())
                .isEqualTo("https://rapport.io/schemas/v1/" + type.wireName() + ".schema.json");
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(schema.path("description").asText()).isNotBlank();
        assertThat(schema.path("type").asText()).isEqualTo("object");
        assertThat(schema.path("additionalProperties").isBoolean()
                        && !schema.path("additionalProperties").booleanValue())
                .isTrue();
        // Self-contained: every $ref points into the schema's own $defs.
        assertThat(EventSchemas.text(type)).doesNotContain("\"$ref\": \"http");
        schema.findValues("$ref")
                .forEach(ref -> assertThat(resolve(schema, ref.asText()))
                        .as(ref.asText())
                        .isNotNull());
        if (type instanceof EventType eventType) {
            assertThat(schema.at("/properties/type/const").asText()).isEqualTo(eventType.wireName());
        }
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void fixtureDeserialisesToItsRecordAndIsValid(ContractType type) throws Exception {
        Object payload = parse(type, EventFixtures.json(type));
        assertThat(payload).isExactlyInstanceOf(type.payloadClass());
        assertThat(validator.validate(payload)).isEmpty();
        if (type instanceof EventType eventType) {
            assertThat(((RapportEvent) payload).type()).isEqualTo(eventType);
        }
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void fixtureRoundTripsToTheSameJson(ContractType type) throws Exception {
        JsonNode fixture = JSON.readTree(EventFixtures.json(type));
        Object payload = parse(type, EventFixtures.json(type));
        assertThat(JSON.readTree(JSON.writeValueAsBytes(payload))).isEqualTo(fixture);
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void fixtureSetsEveryProperty(ContractType type) throws Exception {
        JsonNode fixture = JSON.readTree(EventFixtures.json(type));
        assertThat(fieldNames(fixture))
                .isEqualTo(fieldNames(EventSchemas.node(type).path("properties")));
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void schemaAgreesWithTheRecord(ContractType type) {
        JsonNode schema = EventSchemas.node(type);
        SoftAssertions softly = new SoftAssertions();
        checkRecord(softly, type.payloadClass(), schema, schema, type instanceof EventType, type.wireName());
        softly.assertAll();
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void schemaRejectsAnUnknownProperty(ContractType type) throws Exception {
        ObjectNode tree = EventFixtures.tree(type);
        tree.put("colour", "blue");
        assertThat(schemaErrors(type, tree))
                .extracting(com.networknt.schema.Error::getKeyword)
                .containsExactly("additionalProperties");
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void schemaRejectsTheFixtureWithoutEachRequiredProperty(ContractType type) {
        JsonNode required = EventSchemas.node(type).path("required");
        assertThat(required).isNotEmpty();
        required.forEach(name -> {
            ObjectNode tree = EventFixtures.tree(type);
            tree.remove(name.asText());
            assertThat(schemaErrors(type, tree))
                    .as("without %s", name.asText())
                    .extracting(com.networknt.schema.Error::getKeyword)
                    .contains("required");
        });
    }

    static Stream<Arguments> invalidForTheSchema() {
        return Stream.of(
                invalid(EventType.SURVEY_RESPONSE, t -> t.put("score", 11), "maximum"),
                invalid(EventType.SURVEY_RESPONSE, t -> t.put("survey", "csat").put("score", 0), "minimum"),
                invalid(EventType.SURVEY_RESPONSE, t -> t.put("survey", "csat").put("score", 6), "maximum"),
                invalid(EventType.ORDER, t -> t.put("amount", "-5.00"), "pattern"),
                invalid(EventType.ORDER, t -> t.put("amount", 18250.0), "type"),
                invalid(EventType.ORDER, t -> t.put("amount", "1.23456"), "pattern"),
                invalid(EventType.ORDER, t -> t.put("currency", "eur"), "pattern"),
                invalid(EventType.MEETING, t -> t.put("occurredAt", "yesterday"), "format"),
                invalid(EventType.MEETING, t -> t.put("direction", "sideways"), "enum"),
                invalid(EventType.MEETING, t -> t.put("eventId", "   "), "pattern"),
                invalid(EventType.MEETING, t -> t.put("subject", "x".repeat(257)), "maxLength"),
                invalid(EventType.MEETING, t -> t.put("type", "call"), "const"),
                invalid(EventType.MEETING, t -> t.with("contact").put("email", "not-an-address"), "format"),
                invalid(EventType.INVOICE_ISSUED, t -> t.put("dueDate", "2026-04-15T00:00:00Z"), "format"),
                invalid(EventType.ACCOUNT_UPDATED, t -> t.withArray("tags").addNull(), "type"),
                invalid(OutputEventType.SCORE_CHANGED, t -> t.put("score", 100.5), "maximum"),
                invalid(OutputEventType.SCORE_CHANGED, t -> t.put("band", "HEALTHY"), "enum"),
                invalid(OutputEventType.SCORE_CHANGED, t -> t.with("rfm").put("recency", 0), "minimum"),
                invalid(OutputEventType.SCORE_CHANGED, t -> t.with("indicators").put("lastNps", "9"), "type"),
                invalid(OutputEventType.SEGMENT_CHANGED, t -> t.put("definitionVersion", 0), "minimum"),
                invalid(OutputEventType.ALERT, t -> t.put("count", 0), "minimum"),
                invalid(OutputEventType.ALERT, t -> t.with("labels").put("team", 7), "type"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("invalidForTheSchema")
    void schemaRejectsInvalidValues(ContractType type, Consumer<ObjectNode> change, String keyword) {
        ObjectNode tree = EventFixtures.tree(type);
        change.accept(tree);
        assertThat(schemaErrors(type, tree))
                .extracting(com.networknt.schema.Error::getKeyword)
                .contains(keyword);
    }

    static Stream<Arguments> surveyScores() {
        return Stream.of(SurveyKind.values())
                .flatMap(kind -> Stream.of(
                        Arguments.of(kind, kind.min(), true),
                        Arguments.of(kind, kind.max(), true),
                        Arguments.of(kind, kind.min() - 1, false),
                        Arguments.of(kind, kind.max() + 1, false)));
    }

    @ParameterizedTest(name = "{0} {1}: valid={2}")
    @MethodSource("surveyScores")
    void schemaKnowsEachSurveyScale(SurveyKind kind, int score, boolean valid) {
        ObjectNode tree = EventFixtures.tree(EventType.SURVEY_RESPONSE);
        tree.put("survey", kind.wireName()).put("score", score);
        assertThat(schemaErrors(EventType.SURVEY_RESPONSE, tree).isEmpty()).isEqualTo(valid);
    }

    private static Arguments invalid(ContractType type, Consumer<ObjectNode> change, String keyword) {
        return Arguments.of(type, change, keyword);
    }

    // --- schema vs record -------------------------------------------------------------------

    private static void checkRecord(
            SoftAssertions softly, Class<?> record, JsonNode node, JsonNode root, boolean hasType, String where) {
        assertThat(record.isRecord()).as(where).isTrue();
        JsonNode properties = node.path("properties");
        Set<String> components = new LinkedHashSet<>();
        Set<String> required = new LinkedHashSet<>();
        if (hasType) {
            components.add("type");
            required.add("type");
        }
        for (RecordComponent component : record.getRecordComponents()) {
            components.add(component.getName());
            if (isRequired(component)) {
                required.add(component.getName());
            }
        }
        softly.assertThat(fieldNames(properties)).as("%s: properties", where).isEqualTo(components);
        softly.assertThat(textSet(node.path("required")))
                .as("%s: required", where)
                .isEqualTo(required);
        softly.assertThat(node.path("additionalProperties").asBoolean(true))
                .as("%s: additionalProperties", where)
                .isFalse();
        for (RecordComponent component : record.getRecordComponents()) {
            JsonNode property = properties.path(component.getName());
            if (property.isMissingNode()) {
                continue; // reported above
            }
            Method accessor = component.getAccessor();
            if (record.isAnnotationPresent(ScoreWithinScale.class)
                    && component.getName().equals("score")) {
                // The scale depends on the survey: the property spans all scales, allOf narrows per kind.
                softly.assertThat(decimalOrNull(property, "minimum"))
                        .as("%s.score: minimum", where)
                        .isEqualTo(norm(BigDecimal.valueOf(Arrays.stream(SurveyKind.values())
                                .mapToInt(SurveyKind::min)
                                .min()
                                .orElseThrow())));
                softly.assertThat(decimalOrNull(property, "maximum"))
                        .as("%s.score: maximum", where)
                        .isEqualTo(norm(BigDecimal.valueOf(Arrays.stream(SurveyKind.values())
                                .mapToInt(SurveyKind::max)
                                .max()
                                .orElseThrow())));
                continue;
            }
            checkValue(
                    softly,
                    accessor.getAnnotatedReturnType(),
                    accessor.getAnnotations(),
                    property,
                    root,
                    where + "." + component.getName());
        }
    }

    private static boolean isRequired(RecordComponent component) {
        Method accessor = component.getAccessor();
        if (component.getType().isPrimitive()) {
            // A primitive cannot be null; it must not be silently 0 when missing either.
            JsonProperty property = accessor.getAnnotation(JsonProperty.class);
            assertThat(property != null && property.required())
                    .as("%s is primitive, so it needs @JsonProperty(required = true)", component)
                    .isTrue();
            return true;
        }
        return accessor.isAnnotationPresent(NotNull.class) || accessor.isAnnotationPresent(NotBlank.class);
    }

    private static void checkValue(
            SoftAssertions softly,
            AnnotatedType type,
            Annotation[] declared,
            JsonNode schema,
            JsonNode root,
            String where) {
        List<Annotation> annotations = new ArrayList<>(Arrays.asList(declared));
        for (Annotation annotation : type.getAnnotations()) {
            if (!annotations.contains(annotation)) {
                annotations.add(annotation);
            }
        }
        Class<?> raw = type.getType() instanceof ParameterizedType parameterized
                ? (Class<?>) parameterized.getRawType()
                : (Class<?>) type.getType();
        Size size = find(annotations, Size.class);
        Integer maxSize = size == null ? null : size.max();

        if (raw.isRecord()) {
            JsonNode target = resolve(root, schema.path("$ref").asText());
            softly.assertThat(target).as("%s: $ref", where).isNotNull();
            if (target != null) {
                checkRecord(softly, raw, target, root, false, where);
            }
        } else if (raw.isEnum()) {
            List<String> wireNames = Arrays.stream(raw.getEnumConstants())
                    .map(constant -> JSON.valueToTree(constant).asText())
                    .toList();
            softly.assertThat(textList(schema.path("enum")))
                    .as("%s: enum", where)
                    .isEqualTo(wireNames);
        } else if (raw == List.class) {
            softly.assertThat(intOrNull(schema, "maxItems"))
                    .as("%s: maxItems", where)
                    .isEqualTo(maxSize);
            AnnotatedType element = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments()[0];
            checkValue(softly, element, new Annotation[0], schema.path("items"), root, where + "[]");
        } else if (raw == java.util.Map.class) {
            softly.assertThat(intOrNull(schema, "maxProperties"))
                    .as("%s: maxProperties", where)
                    .isEqualTo(maxSize);
            AnnotatedType[] arguments = ((AnnotatedParameterizedType) type).getAnnotatedActualTypeArguments();
            checkValue(softly, arguments[0], new Annotation[0], schema.path("propertyNames"), root, where + "<key>");
            if (arguments[1].getType() != Object.class) {
                checkValue(
                        softly,
                        arguments[1],
                        new Annotation[0],
                        schema.path("additionalProperties"),
                        root,
                        where + "<value>");
            }
        } else if (raw == String.class) {
            softly.assertThat(intOrNull(schema, "maxLength"))
                    .as("%s: maxLength", where)
                    .isEqualTo(maxSize);
            if (find(annotations, NotBlank.class) != null) {
                softly.assertThat(intOrNull(schema, "minLength"))
                        .as("%s: minLength", where)
                        .isEqualTo(1);
            }
        } else if (Number.class.isAssignableFrom(raw) || raw.isPrimitive()) {
            checkRange(softly, annotations, schema, where);
        }
    }

    private static void checkRange(SoftAssertions softly, List<Annotation> annotations, JsonNode schema, String where) {
        if (schema.path("type").asText().equals("string")) {
            // Money: a decimal string whose pattern carries the sign and the digits.
            var digits = find(annotations, jakarta.validation.constraints.Digits.class);
            softly.assertThat(digits).as("%s: money needs @Digits", where).isNotNull();
            if (digits != null) {
                String sign = find(annotations, PositiveOrZero.class) != null ? "" : "-?";
                softly.assertThat(schema.path("pattern").asText())
                        .as("%s: pattern", where)
                        .isEqualTo(
                                "^" + sign + "\\d{1," + digits.integer() + "}(\\.\\d{1," + digits.fraction() + "})?$");
            }
            return;
        }
        BigDecimal minimum = null;
        BigDecimal maximum = null;
        BigDecimal exclusiveMinimum = null;
        Min min = find(annotations, Min.class);
        Max max = find(annotations, Max.class);
        DecimalMin decimalMin = find(annotations, DecimalMin.class);
        DecimalMax decimalMax = find(annotations, DecimalMax.class);
        if (min != null) minimum = BigDecimal.valueOf(min.value());
        if (decimalMin != null) minimum = new BigDecimal(decimalMin.value());
        if (find(annotations, PositiveOrZero.class) != null) minimum = BigDecimal.ZERO;
        if (max != null) maximum = BigDecimal.valueOf(max.value());
        if (decimalMax != null) maximum = new BigDecimal(decimalMax.value());
        if (find(annotations, Positive.class) != null) {
            if (schema.path("type").asText().equals("integer")) minimum = BigDecimal.ONE;
            else exclusiveMinimum = BigDecimal.ZERO;
        }
        softly.assertThat(decimalOrNull(schema, "minimum"))
                .as("%s: minimum", where)
                .isEqualTo(norm(minimum));
        softly.assertThat(decimalOrNull(schema, "maximum"))
                .as("%s: maximum", where)
                .isEqualTo(norm(maximum));
        softly.assertThat(decimalOrNull(schema, "exclusiveMinimum"))
                .as("%s: exclusiveMinimum", where)
                .isEqualTo(norm(exclusiveMinimum));
    }

    // --- helpers ----------------------------------------------------------------------------

    static List<com.networknt.schema.Error> schemaErrors(ContractType type, JsonNode instance) {
        Schema schema = COMPILED.computeIfAbsent(
                type.wireName(), name -> SCHEMAS.getSchema(EventSchemas.text(type), InputFormat.JSON));
        return schema.validate(instance);
    }

    private static Object parse(ContractType type, String json) throws Exception {
        Class<?> target = type instanceof EventType ? RapportEvent.class : type.payloadClass();
        return JSON.readValue(json, target);
    }

    private static JsonNode resolve(JsonNode root, String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode target = root.at(ref.substring(1));
        return target.isMissingNode() ? null : target;
    }

    @SuppressWarnings("unchecked")
    private static <A extends Annotation> A find(List<Annotation> annotations, Class<A> type) {
        return (A) annotations.stream()
                .filter(a -> a.annotationType() == type)
                .findFirst()
                .orElse(null);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> textSet(JsonNode array) {
        return new LinkedHashSet<>(textList(array));
    }

    private static List<String> textList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Integer intOrNull(JsonNode node, String field) {
        return node.has(field) ? node.get(field).intValue() : null;
    }

    private static BigDecimal decimalOrNull(JsonNode node, String field) {
        return node.has(field) ? norm(node.get(field).decimalValue()) : null;
    }

    private static BigDecimal norm(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }
}
