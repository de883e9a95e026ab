package dev.parley.client.cdi;

import dev.parley.client.ParleyClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * {@code @Inject ParleyClient} in a CDI application, configured through MicroProfile Config ({@code parley.client.*},
 * see docs/java-client.md). One client for the application, closed when it stops. The configuration is read when the
 * client is first injected, not at deployment, so an application that carries this jar without using the producer
 * needs no configuration.
 */
@ApplicationScoped
public class ParleyClientProducer {

    static final String PREFIX = "parley.client.";

    // a pseudo-scope: ParleyClient is final, so it cannot sit behind a normal scope's proxy
    @Produces
    @Singleton
    ParleyClient client() {
        return configure(ConfigProvider.getConfig()).build();
    }

    void close(@Disposes ParleyClient client) {
        client.close();
    }

    static ParleyClient.Builder configure(Config config) {
        ParleyClient.Builder b = ParleyClient.builder();
        b.baseUrl(config.getOptionalValue(PREFIX + "base-url", String.class).orElseThrow(() ->
                new IllegalStateException("set " + PREFIX + "base-url (PARLEY_CLIENT_BASE_URL) to inject a ParleyClient")));
        config.getOptionalValue(PREFIX + "secret-key", String.class).ifPresent(b::secretKey);
        config.getOptionalValue(PREFIX + "access-token", String.class).ifPresent(b::accessToken);
        duration(config, "connect-timeout", b::connectTimeout);
        duration(config, "request-timeout", b::requestTimeout);
        duration(config, "stream-timeout", b::streamTimeout);
        duration(config, "read-idle-timeout", b::readIdleTimeout);
        config.getOptionalValue(PREFIX + "max-retries", Integer.class).ifPresent(b::maxRetries);
        config.getOptionalValue(PREFIX + "max-reconnects", Integer.class).ifPresent(b::maxReconnects);
        return b;
    }

    /** ISO-8601 ({@code PT30S}), as {@link Duration#parse} reads it. */
    private static void duration(Config config, String key, Consumer<Duration> set) {
        config.getOptionalValue(PREFIX + key, String.class).map(Duration::parse).ifPresent(set);
    }
}
