package dev.parley.agent;

import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToolTest {

    enum Priority { LOW, HIGH }

    @Description("A support ticket to open")
    record Ticket(@Description("One-line summary") String title, Priority priority, List<String> tags,
                  Optional<LocalDate> due, Customer customer) {
    }

    record Customer(String email, int orders) {
    }

    /** A plain class: its output goes through JSON-B. */
    public static final class Receipt {
        public String id = "r-1";
        public long cents = 250;
    }

    private static JsonObject ticketJson() {
        return JsonValues.parseObject("{\"title\":\"Printer on fire\",\"priority\":\"HIGH\",\"tags\":[\"hw\"],"
                + "\"due\":\"2026-12-01\",\"customer\":{\"email\":\"a@b.c\",\"orders\":3}}");
    }

    @Test
    void theSchemaComesFromTheRecord() {
        JsonObject schema = Tool.of("openTicket", "Opens a ticket", Ticket.class, (t, ctx) -> null).inputSchema();
        assertEquals("object", schema.getString("type"));
        assertEquals("A support ticket to open", schema.getString("description"));
        assertEquals(JsonValue.FALSE, schema.get("additionalProperties"));
        assertEquals(java.util.Set.of("title", "priority", "tags", "customer"),
                java.util.Set.copyOf(schema.getJsonArray("required").getValuesAs(jakarta.json.JsonString::getString)),
                "every component but the Optional is required");
        JsonObject props = schema.getJsonObject("properties");
        assertEquals("One-line summary", props.getJsonObject("title").getString("description"));
        assertEquals(Json.createArrayBuilder().add("LOW").add("HIGH").build(),
                props.getJsonObject("priority").getJsonArray("enum"));
        assertEquals("array", props.getJsonObject("tags").getString("type"));
        assertFalse(schema.containsKey("$schema"));
    }

    @Test
    void validInputBindsToTheRecordEvenWhenItIsNotPublic() throws Exception {
        AtomicReference<Ticket> seen = new AtomicReference<>();
        Tool tool = Tool.of("openTicket", "", Ticket.class, (t, ctx) -> {
            seen.set(t);
            return Map.of("id", 7);
        });
        assertEquals(List.of(), tool.problems(ticketJson()));
        JsonValue out = tool.execute(ticketJson(), new ToolContext("c1", new AbortSignal(), List.of(), d -> { }));
        assertEquals(new Ticket("Printer on fire", Priority.HIGH, List.of("hw"), Optional.of(LocalDate.of(2026, 12, 1)),
                new Customer("a@b.c", 3)), seen.get());
        assertEquals(JsonValues.parse("{\"id\":7}"), out);
    }

    @Test
    void problemsNameThePathAndTheRule() {
        Tool tool = Tool.of("openTicket", "", Ticket.class, (t, ctx) -> null);
        JsonObject bad = Json.createObjectBuilder(ticketJson()).add("priority", "URGENT").add("extra", 1)
                .add("customer", Json.createObjectBuilder().add("email", "x").add("orders", 1.5)).remove("tags").build();
        List<String> problems = tool.problems(bad);
        assertTrue(problems.contains("$: required property 'tags' not found"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$: property 'extra' is not defined")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.priority: does not have a value in the enumeration")),
                problems.toString());
        assertTrue(problems.contains("$.customer.orders: number found, integer expected"), problems.toString());
    }

    @Test
    void everyKeywordOfAHandWrittenSchemaIsEnforced() {
        JsonObject schema = JsonValues.parse("""
                {"type":"object","required":["city","days"],"properties":{
                  "city":{"type":"string","maxLength":20,"pattern":"^[A-Z]"},
                  "days":{"type":"integer","minimum":1,"maximum":14},
                  "stops":{"type":"array","items":{"type":"string","minLength":2},"maxItems":3}}}""").asJsonObject();
        Tool forecast = Tool.of("forecast", "", schema, (input, ctx) -> input);
        assertEquals(List.of(), forecast.problems(JsonValues.parse("{\"city\":\"Oslo\",\"days\":3,\"stops\":[\"Bergen\"]}")));
        List<String> problems = forecast.problems(JsonValues.parse(
                "{\"city\":\"oslo, the capital of norway\",\"days\":0,\"stops\":[\"Bergen\",\"X\",\"a\",\"b\"]}"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.city:") && p.contains("20")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.city:") && p.contains("^[A-Z]")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.days:") && p.contains("1")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.stops[1]:")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.stops:") && p.contains("3")), problems.toString());
    }

    @Test
    void aValueTheSchemaAcceptsButTheTypeCannotHoldIsAProblemToo() {
        Tool tool = Tool.of("openTicket", "", Ticket.class, (t, ctx) -> null);
        JsonObject badDate = Json.createObjectBuilder(ticketJson()).add("due", "next tuesday").build();
        List<String> problems = tool.problems(badDate);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("$: cannot be read as Ticket"), problems.getFirst());
    }

    @Test
    void outputsOfEveryShapeBecomeJson() {
        assertEquals(JsonValues.parse("{\"email\":\"a\",\"orders\":2}"), ToolJson.toJson(new Customer("a", 2)));
        assertEquals(JsonValues.parse("[\"LOW\",1.5,true,null]"),
                ToolJson.toJson(java.util.Arrays.asList(Priority.LOW, 1.5, true, null)));
        assertEquals(JsonValues.parse("{\"id\":\"r-1\",\"cents\":250}"), ToolJson.toJson(new Receipt()));
        assertEquals(Json.createValue("2026-12-01"), ToolJson.toJson(LocalDate.of(2026, 12, 1)));
    }

    @Test
    void schemaToolsTakeJsonAndClientToolsHaveNoBody() throws Exception {
        JsonObject schema = JsonValues.parseObject(
                "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}");
        Tool doubler = Tool.of("double", "", schema, (in, ctx) -> in.asJsonObject().getInt("n") * 2);
        assertEquals(Json.createValue(8), doubler.execute(JsonValues.parse("{\"n\":4}"),
                new ToolContext("c", new AbortSignal(), List.of(), d -> { })));
        assertEquals(List.of("$: required property 'n' not found"), doubler.problems(JsonValue.EMPTY_JSON_OBJECT));
        Tool client = Tool.clientSide("pick", "", schema);
        assertTrue(client.clientSide());
        assertThrows(IllegalStateException.class, () -> client.execute(JsonValues.parse("{\"n\":1}"), null));
    }

    @Test
    void approvalAndModelOutputAreOptIn() {
        Tool plain = Tool.of("t", "", Customer.class, (c, ctx) -> c);
        assertFalse(plain.needsApprovalFor(JsonValue.EMPTY_JSON_OBJECT));
        Tool big = plain.needsApproval(in -> in.asJsonObject().getInt("orders") > 10)
                .toModelOutput(out -> Json.createValue("summary"));
        assertTrue(big.needsApprovalFor(JsonValues.parse("{\"email\":\"a\",\"orders\":11}")));
        assertFalse(big.needsApprovalFor(JsonValues.parse("{\"email\":\"a\",\"orders\":1}")));
        assertEquals(Json.createValue("summary"), big.modelOutput(JsonValue.TRUE));
        assertEquals(JsonValue.TRUE, plain.modelOutput(JsonValue.TRUE));
    }

    @Test
    void namesAndDuplicatesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Tool.clientSide("has space", "", Customer.class));
        Tool a = Tool.clientSide("a", "", Customer.class);
        assertThrows(IllegalArgumentException.class, () -> Tools.of(a, a));
        assertEquals(List.of("a"), Tools.of(a).specs().stream().map(s -> s.name()).toList());
    }

    @Test
    void aSubAgentIsAToolTakingATask() throws Exception {
        Tool research = SubAgent.asTool("research", "Researches", "researcher",
                (agent, task, ctx) -> agent + " did: " + task);
        JsonValue input = JsonValues.parse("{\"task\":\"find x\"}");
        assertEquals(List.of(), research.problems(input));
        assertEquals(Json.createValue("researcher did: find x"),
                research.execute(input, new ToolContext("c", new AbortSignal(), List.of(), d -> { })));
    }
}
