package dev.parley.it;

import dev.parley.client.ParleyClient;
import dev.parley.it.probe.HookLog;
import dev.parley.it.probe.InjectedClientProbe;
import dev.parley.it.probe.ProbeAgent;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @Inject ParleyClient} in a JAX-RS service: the client jar in {@code WEB-INF/lib}, configured only through
 * MicroProfile Config (the server's {@code PARLEY_CLIENT_BASE_URL} and {@code PARLEY_CLIENT_SECRET_KEY}).
 */
@ExtendWith(ArquillianExtension.class)
class InjectedClientIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Parley.war().addClasses(ProbeAgent.class, ProbeAgent.Counter.class, HookLog.class,
                InjectedClientProbe.class).addAsLibrary(clientJar());
    }

    /** parley-client as the application would ship it: its classes and its beans.xml, from the build's output. */
    private static JavaArchive clientJar() {
        File source = new File(ParleyClient.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (source.isFile()) {
            return ShrinkWrap.createFromZipFile(JavaArchive.class, source);
        }
        Path beans = source.toPath().resolve("META-INF/beans.xml");
        assertTrue(Files.isRegularFile(beans), "the client's beans.xml is built: " + beans);
        return ShrinkWrap.create(JavaArchive.class, "parley-client.jar").addPackages(true, "dev.parley.client")
                .addAsManifestResource(beans.toFile(), "beans.xml");
    }

    @Test
    void aJaxRsServiceChatsThroughTheInjectedClient() {
        HttpResponse<String> r = Parley.send("POST", "/it-probe/injected-client/it-probe", "hello",
                "Content-Type", "text/plain");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("state-turn=1 history=1"), r.body());
    }

    @Test
    void everyRequestGetsTheSameClient() {
        String first = Parley.send("POST", "/it-probe/injected-client/identity", "", "Content-Type", "text/plain").body();
        String second = Parley.send("POST", "/it-probe/injected-client/identity", "", "Content-Type", "text/plain").body();
        assertEquals(first, second, "one client (one HTTP connection pool) for the application");
    }
}
