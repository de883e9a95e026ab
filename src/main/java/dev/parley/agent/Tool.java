package dev.parley.agent;

import dev.parley.agent.model.ToolSpec;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A tool the model may call. Its input schema comes from a Java record (or is given as JSON Schema); the model's
 * arguments are checked against it and bound to the record before {@code execute} runs. A tool without
 * {@code execute} is client-side: the turn pauses until the browser supplies the result. {@link #needsApproval()}
 * pauses the turn for a human decision first. Immutable: the modifiers return copies.
 */
public final class Tool {

    /** The tool's body; the return value (a record, a JSON-P value, a string, …) becomes the tool output. */
    @FunctionalInterface
    public interface Execute<I> {
        Object execute(I input, ToolContext context) throws Exception;
    }

    /** Names both OpenAI and Anthropic accept. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final String description;
    private final JsonObject inputSchema;
    private final SchemaCheck inputCheck;
    private final Class<?> inputType;
    private final Execute<Object> execute;
    private final Predicate<JsonValue> approval;
    private final UnaryOperator<JsonValue> toModelOutput;

    private Tool(String name, String description, JsonObject inputSchema, Class<?> inputType,
                 Execute<Object> execute, Predicate<JsonValue> approval, UnaryOperator<JsonValue> toModelOutput) {
        if (!NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("tool names are 1-64 letters, digits, _ or -: " + name);
        }
        this.name = name;
        this.description = description == null ? "" : description;
        this.inputSchema = Objects.requireNonNull(inputSchema, "inputSchema");
        this.inputCheck = SchemaCheck.of(inputSchema);
        this.inputType = inputType;
        this.execute = execute;
        this.approval = approval;
        this.toModelOutput = toModelOutput;
    }

    @SuppressWarnings("unchecked")
    public static <I> Tool of(String name, String description, Class<I> inputType, Execute<I> execute) {
        Objects.requireNonNull(execute, "execute");
        return new Tool(name, description, ToolSchemas.forType(inputType), inputType, (Execute<Object>) execute,
                null, null);
    }

    @SuppressWarnings("unchecked")
    public static Tool of(String name, String description, JsonObject inputSchema, Execute<JsonValue> execute) {
        Objects.requireNonNull(execute, "execute");
        return new Tool(name, description, inputSchema, JsonValue.class, (Execute<Object>) (Execute<?>) execute,
                null, null);
    }

    public static Tool clientSide(String name, String description, Class<?> inputType) {
        return new Tool(name, description, ToolSchemas.forType(inputType), inputType, null, null, null);
    }

    public static Tool clientSide(String name, String description, JsonObject inputSchema) {
        return new Tool(name, description, inputSchema, JsonValue.class, null, null, null);
    }

    /** Every call waits for a human approval before it runs. */
    public Tool needsApproval() {
        return needsApproval(input -> true);
    }

    /** Calls whose input matches wait for a human approval before they run. */
    public Tool needsApproval(Predicate<JsonValue> when) {
        return new Tool(name, description, inputSchema, inputType, execute, when, toModelOutput);
    }

    /** What the model sees of an output (the client always gets the full output), e.g. a summary of a big one. */
    public Tool toModelOutput(UnaryOperator<JsonValue> mapping) {
        return new Tool(name, description, inputSchema, inputType, execute, approval, mapping);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public JsonObject inputSchema() {
        return inputSchema;
    }

    public ToolSpec spec() {
        return new ToolSpec(name, description, inputSchema);
    }

    public boolean clientSide() {
        return execute == null;
    }

    public boolean needsApprovalFor(JsonValue input) {
        return approval != null && approval.test(input);
    }

    /** Why the input is unacceptable; empty when it fits the schema and binds to the input type. */
    public List<String> problems(JsonValue input) {
        List<String> problems = new ArrayList<>(inputCheck.problems(input));
        if (problems.isEmpty() && inputType != null) {
            try {
                ToolJson.bind(input, inputType);
            } catch (RuntimeException e) {
                problems.add("$: cannot be read as " + inputType.getSimpleName() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Runs a client-side-free tool on validated input; the result as JSON. */
    public JsonValue execute(JsonValue input, ToolContext context) throws Exception {
        if (execute == null) {
            throw new IllegalStateException(name + " is a client-side tool");
        }
        return ToolJson.toJson(execute.execute(ToolJson.bind(input, inputType), context));
    }

    public JsonValue modelOutput(JsonValue output) {
        return toModelOutput == null ? output : toModelOutput.apply(output);
    }
}
