package dev.parley.it;

import dev.parley.platform.ParleyApplication;
import jakarta.json.JsonObject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The served OpenAPI document describes every public route of the application: each JAX-RS resource method under
 * {@code /api} and {@code /realtime} in the deployed classes must appear with its HTTP method, so a new route fails
 * here until openapi.yaml describes it. (The console and chat-page routes are the application's own pages' and are
 * left out of the document on purpose.)
 */
@ExtendWith(ArquillianExtension.class)
class OpenApiIT {

    private static final List<String> PUBLIC_PREFIXES = List.of("/api/", "/realtime/");

    @Deployment(name = SharedDeployment.NAME, testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @Test
    void everyPublicRouteIsDescribed() throws Exception {
        Set<String> routes = publicRoutes();
        assertTrue(routes.size() >= 17, "the scan found the application's routes: " + routes);
        Set<String> described = describedOperations(document());
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(described);
        assertEquals(Set.of(), missing, "routes missing from openapi.yaml");
        Set<String> stale = new TreeSet<>(described);
        stale.removeAll(routes);
        assertEquals(Set.of(), stale, "openapi.yaml describes routes the application does not have");
    }

    @Test
    void theDocumentNamesTheErrorShapeAndIsNotScanned() {
        JsonObject doc = document();
        assertTrue(doc.getString("openapi").startsWith("3."), doc.getString("openapi"));
        assertEquals(List.of("error"), doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Error")
                .getJsonArray("required").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        assertTrue(doc.getJsonObject("paths").keySet().stream().noneMatch(p -> p.startsWith("/console")),
                "annotation scanning is off: the console's routes stay out of the document");
    }

    private static JsonObject document() {
        HttpResponse<String> r = send("GET", "/openapi?format=JSON", null, "Accept", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    private static Set<String> describedOperations(JsonObject doc) {
        Set<String> ops = new TreeSet<>();
        doc.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().keySet().stream()
                .filter(k -> Set.of("get", "put", "post", "delete", "options", "head", "patch").contains(k))
                .forEach(m -> ops.add(m.toUpperCase(Locale.ROOT) + " " + normalized(path))));
        return ops;
    }

    /** "METHOD /path/{}" for each resource method of the deployed classes under a public prefix. */
    private static Set<String> publicRoutes() throws IOException, URISyntaxException, ClassNotFoundException {
        Set<String> routes = new TreeSet<>();
        for (String name : resourceClassNames()) {
            Class<?> c = Class.forName(name, false, OpenApiIT.class.getClassLoader());
            Path base = c.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                String verb = httpMethod(m);
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                String path = normalized("/" + base.value() + (sub == null ? "" : "/" + sub.value()));
                if (PUBLIC_PREFIXES.stream().anyMatch(path::startsWith)) {
                    routes.add(verb + " " + path);
                }
            }
        }
        return routes;
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod h = a.annotationType().getAnnotation(HttpMethod.class);
            if (h != null) {
                return h.value();
            }
        }
        return null;
    }

    /** Slashes collapsed, parameter names and regexes dropped: "/api/chat/{agent}/{chat: x}/" → "/api/chat/{}/{}". */
    private static String normalized(String path) {
        String p = path.replaceAll("\\{[^}]*}", "{}").replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /**
     * The application's classes that mention JAX-RS's {@code @Path}, from the WAR's classes jar (or its classes
     * directory within one build). Only those are loaded: others refer to APIs this test's class path lacks.
     */
    private static List<String> resourceClassNames() throws IOException, URISyntaxException {
        java.nio.file.Path where = java.nio.file.Path.of(
                ParleyApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(where)) {
            try (Stream<java.nio.file.Path> files = Files.walk(where)) {
                for (java.nio.file.Path f : files.toList()) {
                    String file = where.relativize(f).toString();
                    if (isTopLevelClass(file) && mentionsPath(Files.readAllBytes(f))) {
                        names.add(className(file));
                    }
                }
            }
        } else {
            try (JarFile jar = new JarFile(where.toFile())) {
                for (JarEntry e : jar.stream().toList()) {
                    if (isTopLevelClass(e.getName()) && mentionsPath(jar.getInputStream(e).readAllBytes())) {
                        names.add(className(e.getName()));
                    }
                }
            }
        }
        return names;
    }

    private static boolean mentionsPath(byte[] classFile) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains("Ljakarta/ws/rs/Path;");
    }

    private static boolean isTopLevelClass(String file) {
        return file.startsWith("dev/parley/") && file.endsWith(".class") && !file.contains("$");
    }

    private static String className(String file) {
        return file.substring(0, file.length() - ".class".length()).replace('/', '.');
    }
}
