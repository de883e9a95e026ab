package dev.parley.models.boundary;

import dev.parley.models.control.Models;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The configured language models ({@code parley.models.*} from MicroProfile Config, e.g. environment variables
 * {@code PARLEY_MODELS_DEFAULT_KIND=anthropic}), for agents to {@code @Inject}. With nothing configured the
 * {@code default} model is the built-in demo model.
 */
@ApplicationScoped
public class ModelsProducer {

    private volatile Models models;

    /** Read once; dependent-scoped because {@link Models} is a final value class (not proxyable). */
    @Produces
    Models models() {
        Models m = models;
        if (m == null) {
            Config config = ConfigProvider.getConfig();
            m = Models.fromConfig(key -> config.getOptionalValue(key, String.class));
            models = m;
        }
        return m;
    }
}
