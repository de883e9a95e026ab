package dev.parley.models.boundary;

import dev.parley.models.control.ModelConfigs;
import dev.parley.models.control.StreamOpener;
import dev.parley.models.entity.ModelConfig;
import dev.parley.models.entity.ProviderKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registers one {@link ProviderLane} bean per configured networked model, qualified with its name, so each
 * provider gets a circuit breaker of its own, and hands out a lane by model name. Models are configured when the
 * application starts, so their names are known here; a configuration that does not read fails the deployment
 * instead of the first chat.
 */
public class ProviderLanes implements Extension {

    private final Map<String, Bean<?>> lanes = new ConcurrentHashMap<>();
    private RuntimeException problem;

    void register(@Observes BeforeBeanDiscovery discovery) {
        Config config = ConfigProvider.getConfig(ProviderLanes.class.getClassLoader());
        try {
            for (ModelConfig model : ModelConfigs.read(key -> config.getOptionalValue(key, String.class))) {
                if (model.kind() != ProviderKind.DEMO) {
                    discovery.addAnnotatedType(ProviderLane.class, ProviderLane.class.getName() + "/" + model.name())
                            .add(ApplicationScoped.Literal.INSTANCE)
                            .add(new ProviderLane.For.Literal(model.name()));
                }
            }
        } catch (RuntimeException e) {
            problem = e;
        }
    }

    void found(@Observes ProcessManagedBean<ProviderLane> lane) {
        ProviderLane.For model = lane.getAnnotatedBeanClass().getAnnotation(ProviderLane.For.class);
        if (model != null) {
            lanes.put(model.value(), lane.getBean());
        }
    }

    /** The lane of a configured networked model (a contextual reference: calls go through its interceptors). */
    StreamOpener lane(String model, BeanManager beans) {
        Bean<?> bean = lanes.get(model);
        if (bean == null) {
            throw new IllegalStateException("no provider lane for model " + model + "; lanes: " + lanes.keySet());
        }
        return (StreamOpener) beans.getReference(bean, ProviderLane.class, beans.createCreationalContext(bean));
    }

    void validate(@Observes AfterDeploymentValidation validation) {
        if (problem != null) {
            validation.addDeploymentProblem(new IllegalStateException("the models are misconfigured: "
                    + problem.getMessage(), problem));
        }
    }
}
