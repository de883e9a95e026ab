package dev.parley.agent;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;

/**
 * Checks model-supplied tool arguments against the tool's input schema before anything runs, so the model gets a
 * precise complaint ({@code $: required property 'city' not found}) on its next step instead of a stack trace.
 * <p>
 * Validation is the networknt JSON Schema validator's (draft 2020-12 unless the schema names its own {@code $schema}),
 * so every keyword a schema uses is enforced — {@code minimum}, {@code pattern}, {@code maxLength}, formats as
 * annotations — not only the ones the schema generator happens to emit.
 */
final class SchemaCheck {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final Schema schema;

    private SchemaCheck(Schema schema) {
        this.schema = schema;
    }

    /** Compiles the schema once; a schema the validator cannot read fails here, when the tool is defined. */
    static SchemaCheck of(JsonObject schema) {
        try {
            return new SchemaCheck(REGISTRY.getSchema(schema.toString(), InputFormat.JSON));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unusable input schema: " + e.getMessage(), e);
        }
    }

    /** The problems found, each as {@code <path>: <rule>}; empty when the value is valid. */
    List<String> problems(JsonValue value) {
        return schema.validate(value.toString(), InputFormat.JSON).stream().map(SchemaCheck::describe).toList();
    }

    /** {@code $.customer.orders: number found, integer expected}: the path in the notation the model reads best. */
    private static String describe(Error e) {
        NodePath at = e.getInstanceLocation();
        StringBuilder path = new StringBuilder("$");
        for (int i = 0; i < at.getNameCount(); i++) {
            Object element = at.getElement(i);
            if (element instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                path.append('.').append(element);
            }
        }
        return path + ": " + e.getMessage();
    }
}
