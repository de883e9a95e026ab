package dev.parley.models.boundary;

import dev.parley.agent.Models;
import dev.parley.models.control.ModelConfigs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The configured language models ({@code parley.models.*} from MicroProfile Config, e.g. environment variables
 * {@code PARLEY_MODELS_DEFAULT_KIND=anthropic}), for agents to {@code @Inject}. With nothing configured the
 * {@code default} model is the built-in demo model. Each networked model is opened through its own
 * {@link ProviderLane} (MicroProfile Fault Tolerance).
 */
@ApplicationScoped
public class ModelsProducer {

    @Inject
    ProviderLanes lanes;

    @Inject
    BeanManager beans;

    private volatile Models models;

    /** Read once; dependent-scoped because {@link Models} is a final value class (not proxyable). */
    @Produces
    Models models() {
        Models m = models;
        if (m == null) {
            Config config = ConfigProvider.getConfig();
            m = Models.of(ModelConfigs.read(key -> config.getOptionalValue(key, String.class)),
                    c -> lanes.lane(c.name(), beans));
            models = m;
        }
        return m;
    }
}
