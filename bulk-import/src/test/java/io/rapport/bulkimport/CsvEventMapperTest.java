package io.rapport.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.rapport.common.event.RapportEvent;
import io.rapport.common.json.RapportJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvEventMapperTest {
    private static final List<String> MEETING_HEADER = List.of(
            "type",
            "eventId",
            "accountId",
            "occurredAt",
            "source",
            "direction",
            "contact.contactId",
            "contact.name",
            "durationMinutes");

    @Test
    void aMeetingRowBecomesTheContractsJsonWithNestedFieldsAndAnInteger() throws Exception {
        CsvEventMapper mapper = new CsvEventMapper(MEETING_HEADER, Map.of(), Map.of());

        CsvEventMapper.Mapped mapped = mapper.map(cells(
                "meeting",
                "crm-1",
                "acc-1",
                "2026-11-30T10:15:00Z",
                "salesforce",
                "inbound",
                "c-17",
                "Ada Byron",
                "45"));

        assertThat(mapped.problems()).isEmpty();
        assertThat(json(mapped)).isEqualTo(json("""
                        {"type":"meeting","eventId":"crm-1","accountId":"acc-1","occurredAt":"2026-11-30T10:15:00Z",
                         "source":"salesforce","direction":"inbound","contact":{"contactId":"c-17","name":"Ada Byron"},
                         "durationMinutes":45}"""));
        // and the contracts read it as a meeting
        assertThat(RapportJson.mapper()
                        .readValue(mapped.json(), RapportEvent.class)
                        .eventId())
                .isEqualTo("crm-1");
    }

    @Test
    void anEmptyCellLeavesTheFieldOut() {
        CsvEventMapper mapper = new CsvEventMapper(MEETING_HEADER, Map.of(), Map.of());

        CsvEventMapper.Mapped mapped = mapper.map(
                cells("meeting", "crm-1", "acc-1", "2026-11-30T10:15:00Z", "salesforce", "inbound", "c-17", "", ""));

        assertThat(json(mapped).path("contact").has("name")).isFalse();
        assertThat(json(mapped).has("durationMinutes")).isFalse();
    }

    @ParameterizedTest(name = "{0} {1} = {2} → {3}")
    @CsvSource(
            delimiter = ';',
            value = {
                // money is a decimal string on the wire, never a number
                "order; amount; 1250.00; \"1250.00\"",
                // a plain decimal of the contracts is a JSON number
                "product_usage; quantity; 42.5; 42.5",
                "meeting; durationMinutes; 45; 45",
                // a value of the wrong type is sent as text: the service names the field and the reason
                "meeting; durationMinutes; forty; \"forty\"",
                "support_ticket_resolved; resolutionHours; 3.25; 3.25",
                // lists of strings are split on |
                "account_updated; tags; vip | eu-freight; [\"vip\",\"eu-freight\"]",
                "account_updated; tags; [\"a|b\"]; [\"a|b\"]",
                // timestamps, dates and enums are strings; the service checks their format
                "invoice_issued; dueDate; 2026-12-31; \"2026-12-31\"",
                "complaint; severity; high; \"high\"",
            })
    void cellsBecomeTheJsonTypeTheContractExpects(String type, String field, String cell, String expected) {
        CsvEventMapper mapper = new CsvEventMapper(List.of("type", field), Map.of(), Map.of());

        CsvEventMapper.Mapped mapped = mapper.map(List.of(type, cell));

        assertThat(mapped.problems()).isEmpty();
        // compared as text: 42.5 is a decimal here and a double when the expectation is parsed
        assertThat(json(mapped).get(field).toString()).isEqualTo(json(expected).toString());
    }

    @Test
    void listElementsByIndexAndAJsonColumnBuildObjects() {
        CsvEventMapper mapper = new CsvEventMapper(
                List.of("type", "contacts[0].contactId", "contacts[0].name", "contacts[1].contactId", "contact"),
                Map.of(),
                Map.of());

        JsonNode account = json(mapper.map(List.of("account_updated", "ct-1", "Ingrid", "ct-2", "")));
        JsonNode survey = json(mapper.map(List.of("survey_response", "", "", "", "{\"contactId\":\"c-9\"}")));

        assertThat(account.get("contacts"))
                .isEqualTo(json("[{\"contactId\":\"ct-1\",\"name\":\"Ingrid\"},{\"contactId\":\"ct-2\"}]"));
        assertThat(survey.get("contact")).isEqualTo(json("{\"contactId\":\"c-9\"}"));
    }

    @Test
    void renamedColumnsDroppedColumnsAndConstantsFitAnErpExport() {
        CsvEventMapper mapper = new CsvEventMapper(
                List.of("Order No", "Customer", "Date", "Net", "Cur", "Sales rep", "Id", "source"),
                Map.of(
                        "Order No", "orderId",
                        "Customer", "accountId",
                        "Date", "occurredAt",
                        "Net", "amount",
                        "Cur", "currency",
                        "Sales rep", "-",
                        "Id", "eventId"),
                Map.of("type", "order", "source", "erp"));

        JsonNode withSource =
                json(mapper.map(List.of("PO-1", "acc-7", "2026-11-01T00:00:00Z", "99.90", "EUR", "Bob", "e-1", "sap")));
        JsonNode withoutSource =
                json(mapper.map(List.of("PO-2", "acc-7", "2026-11-01T00:00:00Z", "5", "EUR", "Bob", "e-2", "")));

        assertThat(withSource).isEqualTo(json("""
                        {"orderId":"PO-1","accountId":"acc-7","occurredAt":"2026-11-01T00:00:00Z","amount":"99.90",
                         "currency":"EUR","eventId":"e-1","source":"sap","type":"order"}"""));
        assertThat(withoutSource.get("source").asText())
                .as("the constant fills an empty cell")
                .isEqualTo("erp");
    }

    @Test
    void aRowThatDoesNotFitTheHeaderOrSetsAFieldTwiceIsAProblemNotAnEvent() {
        CsvEventMapper mapper = new CsvEventMapper(List.of("type", "contact", "contact.name"), Map.of(), Map.of());

        assertThat(mapper.map(List.of("meeting", "x")).problems()).containsExactly("has 2 field(s), the header has 3");
        assertThat(mapper.map(List.of("meeting", "{\"contactId\":\"c\",\"name\":\"Ada\"}", "Ada"))
                        .problems())
                .containsExactly("contact.name: set twice (by a JSON column and by a column for a field inside it)");
        assertThat(mapper.map(List.of("meeting", "c-17", "")).problems())
                .containsExactly("contact: expected JSON (an object or a list), or use columns for the fields inside"
                        + " it (e.g. contact.contactId)");
        assertThat(mapper.map(List.of("meeting", "{broken", "")).problems())
                .singleElement()
                .asString()
                .startsWith("contact: not valid JSON");
    }

    @Test
    void aHeaderColumnThatIsNoFieldOfAnyEventTypeStopsTheImportBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new CsvEventMapper(List.of("type", "Owner", "eventId"), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("column(s) 'Owner' match no field of any event type");
        assertThatThrownBy(() -> new CsvEventMapper(List.of("type"), Map.of("Owner", "-"), Map.of()))
                .hasMessage("--column names no column of the header: [Owner]");
        assertThatThrownBy(() -> new CsvEventMapper(List.of("eventId", "id"), Map.of("id", "eventId"), Map.of()))
                .hasMessage("two columns map to the field 'eventId'");
        assertThatThrownBy(() -> new CsvEventMapper(List.of("type"), Map.of(), Map.of("colour", "red")))
                .hasMessage("--set colour: no event type has this field");
    }

    private static List<String> cells(String... cells) {
        return Arrays.asList(cells);
    }

    private static JsonNode json(CsvEventMapper.Mapped mapped) {
        assertThat(mapped.problems()).isEmpty();
        return json(mapped.json());
    }

    private static JsonNode json(String text) {
        try {
            return RapportJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }
}
