package io.rapport.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rapport.common.json.RapportJson;
import io.rapport.common.testing.EnglishValidation;
import io.rapport.common.testing.EventFixtures;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad payloads fail where they should, naming the field: Bean Validation violations (with the
 * property path and message an API error would show) and parse errors through {@link RapportJson}.
 */
class EventValidationTest {
    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void startValidator() {
        factory = EnglishValidation.factory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                // missing required fields
                violation(EventType.ORDER, t -> t.remove("orderId"), "orderId", "must not be blank"),
                violation(EventType.MEETING, t -> t.remove("eventId"), "eventId", "must not be blank"),
                violation(EventType.MEETING, t -> t.put("accountId", "  "), "accountId", "must not be blank"),
                violation(EventType.MEETING, t -> t.remove("occurredAt"), "occurredAt", "must not be null"),
                violation(EventType.CALL, t -> t.remove("contact"), "contact", "must not be null"),
                violation(EventType.INVOICE_ISSUED, t -> t.remove("dueDate"), "dueDate", "must not be null"),
                // over-long strings
                violation(
                        EventType.MEETING,
                        t -> t.put("subject", "x".repeat(EventLimits.NAME_MAX + 1)),
                        "subject",
                        "size must be between 0 and 256"),
                violation(
                        EventType.COMPLAINT,
                        t -> t.put("description", "x".repeat(EventLimits.TEXT_MAX + 1)),
                        "description",
                        "size must be between 0 and 4000"),
                violation(
                        EventType.ORDER,
                        t -> t.put("eventId", "e".repeat(EventLimits.ID_MAX + 1)),
                        "eventId",
                        "size must be between 0 and 128"),
                // money
                violation(
                        EventType.ORDER, t -> t.put("amount", "-5.00"), "amount", "must be greater than or equal to 0"),
                violation(
                        EventType.REFUND,
                        t -> t.put("amount", "12.12345"),
                        "amount",
                        "numeric value out of bounds (<15 digits>.<4 digits> expected)"),
                violation(
                        EventType.INVOICE_ISSUED,
                        t -> t.put("currency", "XYZ"),
                        "currency",
                        "must be an ISO-4217 currency code such as EUR or USD"),
                // survey scales, reported on score
                violation(
                        EventType.SURVEY_RESPONSE,
                        t -> t.put("survey", "nps").put("score", 11),
                        "score",
                        "must be between 0 and 10 for a nps survey"),
                violation(
                        EventType.SURVEY_RESPONSE,
                        t -> t.put("survey", "csat").put("score", 0),
                        "score",
                        "must be between 1 and 5 for a csat survey"),
                // nested and container elements
                violation(
                        EventType.EMAIL,
                        t -> t.with("contact").put("email", "ingrid.at.nordwind"),
                        "contact.email",
                        "must be a well-formed email address"),
                violation(
                        EventType.ACCOUNT_UPDATED,
                        t -> t.withArray("tags").insertNull(1),
                        "tags[1].<list element>",
                        "must not be blank"),
                violation(
                        EventType.ACCOUNT_UPDATED,
                        t -> t.withArray("contacts").addObject().put("name", "No Id"),
                        "contacts[2].contactId",
                        "must not be blank"),
                violation(
                        EventType.DELIVERY_DELAYED,
                        t -> t.put("daysLate", -1),
                        "daysLate",
                        "must be greater than or equal to 0"),
                // output contracts
                violation(
                        OutputEventType.SCORE_CHANGED,
                        t -> t.put("score", 100.5),
                        "score",
                        "must be less than or equal to 100"),
                violation(
                        OutputEventType.SCORE_CHANGED,
                        t -> t.put("revision", -1),
                        "revision",
                        "must be greater than or equal to 0"),
                violation(
                        OutputEventType.SCORE_CHANGED,
                        t -> ((ObjectNode) t.withArray("components").get(0)).put("weight", 1.5),
                        "components[0].weight",
                        "must be less than or equal to 1"),
                violation(
                        OutputEventType.SCORE_CHANGED,
                        t -> t.with("rfm").put("recency", 6),
                        "rfm.recency",
                        "must be less than or equal to 5"),
                violation(
                        OutputEventType.SCORE_CHANGED,
                        t -> t.with("clv").put("currency", "XYZ"),
                        "clv.currency",
                        "must be an ISO-4217 currency code such as EUR or USD"),
                violation(OutputEventType.SCORE_CHANGED, t -> t.remove("components"), "components", "must not be null"),
                violation(
                        OutputEventType.SEGMENT_CHANGED,
                        t -> t.put("definitionVersion", 0),
                        "definitionVersion",
                        "must be greater than 0"),
                violation(
                        OutputEventType.SEGMENT_CHANGED, t -> t.remove("segmentId"), "segmentId", "must not be blank"),
                violation(OutputEventType.ALERT, t -> t.put("count", 0), "count", "must be greater than 0"),
                violation(OutputEventType.ALERT, t -> t.remove("startsAt"), "startsAt", "must not be null"),
                violation(
                        OutputEventType.ALERT,
                        t -> t.with("labels").putNull("team"),
                        "labels[team].<map value>",
                        "must not be null"));
    }

    @ParameterizedTest(name = "{0}: {2} {3}")
    @MethodSource("violations")
    void constraintFailsOnTheField(ContractType type, Consumer<ObjectNode> change, String path, String message)
            throws Exception {
        ObjectNode tree = EventFixtures.tree(type);
        change.accept(tree);
        Object payload = EventFixtures.parse(type, tree);

        Set<ConstraintViolation<Object>> violations = validator.validate(payload);

        assertThat(violations.stream()
                        .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                        .collect(Collectors.toSet()))
                .containsExactly(path + ": " + message);
    }

    static Stream<Arguments> parseErrors() {
        return Stream.of(
                parseError(EventType.ORDER, t -> t.put("amount", 18250.00), MismatchedInputException.class, "amount"),
                parseError(EventType.ORDER, t -> t.put("amount", "1.2e3"), InvalidFormatException.class, "amount"),
                parseError(
                        EventType.MEETING, t -> t.put("colour", "blue"), UnrecognizedPropertyException.class, "colour"),
                parseError(
                        EventType.CALL,
                        t -> t.put("durationSeconds", "42"),
                        MismatchedInputException.class,
                        "durationSeconds"),
                parseError(
                        EventType.CALL,
                        t -> t.put("durationSeconds", 42.5),
                        InvalidFormatException.class,
                        "durationSeconds"),
                parseError(
                        EventType.MEETING,
                        t -> t.put("occurredAt", "yesterday"),
                        InvalidFormatException.class,
                        "occurredAt"),
                parseError(
                        EventType.MEETING,
                        t -> t.put("occurredAt", 1772443800),
                        MismatchedInputException.class,
                        "occurredAt"),
                parseError(
                        EventType.INVOICE_ISSUED,
                        t -> t.putArray("dueDate").add(2026).add(4).add(15),
                        MismatchedInputException.class,
                        "dueDate"),
                parseError(EventType.MEETING, t -> t.put("eventId", 42), InvalidFormatException.class, "eventId"),
                parseError(EventType.MEETING, t -> t.put("direction", 0), InvalidFormatException.class, "direction"),
                parseError(
                        EventType.MEETING,
                        t -> t.put("direction", "INBOUND"),
                        InvalidFormatException.class,
                        "direction"),
                parseError(
                        EventType.ACCOUNT_UPDATED,
                        t -> ((ObjectNode) t.withArray("contacts").get(0)).put("phone", "+49 40 123"),
                        UnrecognizedPropertyException.class,
                        "phone"),
                parseError(
                        OutputEventType.SCORE_CHANGED, t -> t.remove("score"), MismatchedInputException.class, "score"),
                parseError(
                        OutputEventType.SCORE_CHANGED,
                        t -> t.putNull("revision"),
                        MismatchedInputException.class,
                        "revision"),
                parseError(
                        OutputEventType.SCORE_CHANGED,
                        t -> t.put("band", "amber"),
                        InvalidFormatException.class,
                        "band"),
                parseError(
                        OutputEventType.SCORE_CHANGED,
                        t -> t.with("clv").put("predictedValue", 104300.0),
                        MismatchedInputException.class,
                        "predictedValue"),
                parseError(OutputEventType.ALERT, t -> t.put("state", "open"), InvalidFormatException.class, "state"));
    }

    @ParameterizedTest(name = "{0}: {3} -> {2}")
    @MethodSource("parseErrors")
    void parseErrorNamesTheField(
            ContractType type,
            Consumer<ObjectNode> change,
            Class<? extends JsonMappingException> expected,
            String field) {
        ObjectNode tree = EventFixtures.tree(type);
        change.accept(tree);
        byte[] json = tree.toString().getBytes(StandardCharsets.UTF_8);

        JsonMappingException error = catchThrowableOfType(expected, () -> read(type, json));

        assertThat(error).as("parsing %s", tree).isNotNull();
        assertThat(error.getPath()).isNotEmpty();
        assertThat(error.getPath().get(error.getPath().size() - 1).getFieldName())
                .isEqualTo(field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownTypes")
    void unknownOrMissingTypeIsRefused(String typeValue) {
        ObjectNode tree = EventFixtures.tree(EventType.MEETING);
        if (typeValue == null) {
            tree.remove("type");
        } else {
            tree.put("type", typeValue);
        }
        byte[] json = tree.toString().getBytes(StandardCharsets.UTF_8);

        InvalidTypeIdException error =
                catchThrowableOfType(InvalidTypeIdException.class, () -> RapportJson.fromBytes(json));

        assertThat(error).isNotNull();
        assertThat(error.getTypeId()).isEqualTo(typeValue);
        assertThat(error.getMessage())
                .contains(typeValue == null ? "missing type id property 'type'" : "'" + typeValue + "'");
    }

    static Stream<String> unknownTypes() {
        return Stream.of("meeting_cancelled", "Meeting", "", null);
    }

    private static Object read(ContractType type, byte[] json) throws Exception {
        return type instanceof EventType
                ? RapportJson.fromBytes(json)
                : RapportJson.fromBytes(json, type.payloadClass());
    }

    private static Arguments violation(ContractType type, Consumer<ObjectNode> change, String path, String message) {
        return Arguments.of(type, change, path, message);
    }

    private static Arguments parseError(
            ContractType type,
            Consumer<ObjectNode> change,
            Class<? extends JsonMappingException> expected,
            String field) {
        return Arguments.of(type, change, expected, field);
    }
}
