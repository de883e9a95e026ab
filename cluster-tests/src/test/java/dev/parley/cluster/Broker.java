package dev.parley.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An ActiveMQ Artemis broker from the distribution: an instance created with {@code artemis create} (core protocol
 * only, on loopback, login required) and run as a child process of the test. Its address settings for the run queue
 * are those docs/deploy.md asks of a production broker.
 */
final class Broker implements AutoCloseable {

    static final String USER = "parley";
    static final String PASSWORD = "parley-broker-password";

    private final Process process;

    private Broker(Process process) {
        this.process = process;
    }

    static Broker start(Path home, Path instance, int port) throws IOException, InterruptedException {
        run(instance.getParent(), home.resolve("bin/artemis").toString(), "create", instance.toString(), "--silent", "--force",
                "--user", USER, "--password", PASSWORD, "--require-login", "--host", "127.0.0.1",
                "--default-port", Integer.toString(port), "--no-web", "--no-amqp-acceptor", "--no-mqtt-acceptor",
                "--no-stomp-acceptor", "--no-hornetq-acceptor", "--no-fsync",
                "--queues", "parley.runs:anycast,parley.runs.dead:anycast");
        Path xml = instance.resolve("etc/broker.xml");
        // the core protocol only (the nodes' adapter speaks nothing else), and the run queue's redelivery settings
        Files.writeString(xml, Files.readString(xml).replace("protocols=CORE,AMQP,STOMP,HORNETQ,MQTT,OPENWIRE", "protocols=CORE")
                .replace("<address-settings>", """
                <address-settings>
                         <address-setting match="parley.runs">
                            <dead-letter-address>parley.runs.dead</dead-letter-address>
                            <max-delivery-attempts>5</max-delivery-attempts>
                         </address-setting>"""));
        // the distribution's profile asks for a 2 GB heap; a test broker carrying run ids needs a fraction of it
        Path profile = instance.resolve("etc/artemis.profile");
        Files.writeString(profile, Files.readString(profile).replace("-Xms512M -Xmx2G", "-Xms64M -Xmx256M"));
        Path log = instance.resolve("log/console.log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Broker broker = new Broker(p);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "cluster-broker-stop"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the broker exited; see " + log);
            }
            if (Files.readString(log).contains("AMQ221007") && accepts(port)) {
                return broker;
            }
            Thread.sleep(250);
        }
        broker.close();
        throw new IllegalStateException("the broker did not start; see " + log);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve("artemis-create.log");
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("artemis create failed; see " + log);
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
