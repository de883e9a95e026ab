package dev.parley.agent;

import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * JSON Schemas for tool inputs, generated from the input record. Every component is required unless it is an
 * {@link Optional}, and objects forbid extra properties: models follow a tight schema better, and OpenAI's strict
 * function calling demands exactly that shape. {@link Description} becomes the schema's descriptions.
 */
final class ToolSchemas {

    private static final SchemaGenerator GENERATOR = generator();

    private ToolSchemas() {
    }

    private static SchemaGenerator generator() {
        SchemaGeneratorConfigBuilder b = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .without(Option.SCHEMA_VERSION_INDICATOR)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT);
        b.forFields().withRequiredCheck(f -> !f.getType().isInstanceOf(Optional.class));
        b.forFields().withDescriptionResolver(f -> {
            Description d = f.getAnnotationConsideringFieldAndGetter(Description.class);
            return d == null ? null : d.value();
        });
        b.forTypesInGeneral().withDescriptionResolver(scope -> {
            Description d = scope.getType().getErasedType().getAnnotation(Description.class);
            return d == null ? null : d.value();
        });
        return new SchemaGenerator(b.build());
    }

    static JsonObject forType(Class<?> type) {
        return JsonValues.parseObject(GENERATOR.generateSchema(type).toString());
    }
}
