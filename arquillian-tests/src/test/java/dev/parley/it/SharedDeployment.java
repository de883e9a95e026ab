package dev.parley.it;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.deployment.Deployment;
import org.jboss.arquillian.container.spi.client.deployment.DeploymentDescription;
import org.jboss.arquillian.container.spi.event.DeployDeployment;
import org.jboss.arquillian.container.spi.event.UnDeployDeployment;
import org.jboss.arquillian.container.spi.event.container.BeforeStop;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.EventContext;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.asset.Asset;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * One deployment of {@code parley.war} for the test classes that do not need a fresh application: a class whose
 * {@code @Deployment} is named {@link #NAME} keeps the application deployed after its tests, and the next class
 * asking for the same archive (byte for byte) under that name gets it without a redeploy (about 5 s a class). Any
 * other deployment first undeploys the kept one, as Arquillian would have after the class that deployed it, so classes
 * that need a fresh application (breakers opened on purpose, rate limiters, the probes' static logs, settings of their
 * own) still get one. An Arquillian extension (registered in {@code META-INF/services}): it intercepts the container's
 * deploy and undeploy events, so the adapter and the tests are unchanged. {@link Order} runs the sharing classes one
 * after the other, first, so that they follow each other.
 */
public final class SharedDeployment implements LoadableExtension {

    /** The deployment name that opts a class in. */
    static final String NAME = "shared";
    /** {@code -Dtest.shared.deployment=false}: every class deploys anew, as before (to compare, or to rule this out). */
    private static final boolean ON = !"false".equals(System.getProperty("parley.shared.deployment"));

    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Keeper.class);
    }

    /** Observes the deploy and undeploy of every deployment; holds the one kept deployed. */
    public static final class Keeper {

        private DeployableContainer<?> container;
        private Archive<?> archive;
        private String digest;

        public void deploy(@Observes EventContext<DeployDeployment> event) throws Exception {
            Deployment deployment = event.getEvent().getDeployment();
            String wanted = shared(deployment.getDescription()) ? digest(deployment.getDescription().getArchive()) : null;
            if (archive != null && wanted != null && wanted.equals(digest)
                    && container == event.getEvent().getDeployableContainer()) {
                deployment.deployed(); // already there: what the undeploy after this class will see
                return;
            }
            undeployKept();
            event.proceed();
        }

        public void undeploy(@Observes EventContext<UnDeployDeployment> event) {
            Deployment deployment = event.getEvent().getDeployment();
            if (deployment.isDeployed() && !deployment.hasDeploymentError() && shared(deployment.getDescription())) {
                container = event.getEvent().getDeployableContainer();
                archive = deployment.getDescription().getArchive();
                digest = digest(archive);
                deployment.undeployed();
                return;
            }
            event.proceed();
        }

        /** The server stops at the end of the run: what is still deployed must not be there at its next start. */
        public void stop(@Observes BeforeStop event) throws Exception {
            undeployKept();
        }

        private void undeployKept() throws Exception {
            if (archive != null) {
                Archive<?> kept = archive;
                archive = null;
                digest = null;
                container.undeploy(kept);
            }
        }

        private static boolean shared(DeploymentDescription description) {
            return ON && NAME.equals(description.getName()) && description.isArchiveDeployment();
        }
    }

    /** The archive's entries and their bytes, in path order: two classes' archives are the same if this is. */
    static String digest(Archive<?> archive) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Map<ArchivePath, Node> content = new TreeMap<>(Comparator.comparing(ArchivePath::get));
            content.putAll(archive.getContent());
            byte[] buffer = new byte[65536];
            for (Map.Entry<ArchivePath, Node> e : content.entrySet()) {
                sha.update(e.getKey().get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                Asset asset = e.getValue().getAsset();
                if (asset != null) {
                    try (InputStream in = asset.openStream()) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            sha.update(buffer, 0, n);
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The container test classes' order (set in failsafe's configuration, in this module's pom): those sharing the
     * deployment first, so they run one after the other, then the rest; by name within each group.
     */
    public static final class Order implements ClassOrderer {
        @Override
        public void orderClasses(ClassOrdererContext context) {
            context.getClassDescriptors().sort(Comparator.comparing((ClassDescriptor c) -> !sharing(c.getTestClass()))
                    .thenComparing(c -> c.getTestClass().getName()));
        }

        static boolean sharing(Class<?> test) {
            return Arrays.stream(test.getDeclaredMethods()).anyMatch(m -> {
                org.jboss.arquillian.container.test.api.Deployment d =
                        m.getAnnotation(org.jboss.arquillian.container.test.api.Deployment.class);
                return d != null && NAME.equals(d.name());
            });
        }
    }
}
