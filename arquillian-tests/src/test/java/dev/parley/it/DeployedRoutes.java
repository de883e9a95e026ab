package dev.parley.it;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * The JAX-RS routes of a WAR as "METHOD /path/{param}", read from the classes inside it: every class that mentions
 * {@code @Path} is loaded and its resource methods are listed, so a new route shows up without anyone listing it.
 * A sub-resource locator or a resource class in a library jar is reported as such (it needs a look of its own).
 */
final class DeployedRoutes {

    private static final byte[] PATH = "Ljakarta/ws/rs/Path;".getBytes(StandardCharsets.ISO_8859_1);

    private DeployedRoutes() {
    }

    static List<String> of(String warFile) throws IOException, ClassNotFoundException {
        List<Class<?>> resources = new ArrayList<>();
        String applicationPath = "";
        List<String> routes = new ArrayList<>();
        try (ZipFile war = new ZipFile(warFile)) {
            for (ZipEntry e : war.stream().toList()) {
                String name = e.getName();
                if (name.startsWith("WEB-INF/classes/") && name.endsWith(".class")) {
                    byte[] bytes = war.getInputStream(e).readAllBytes();
                    String type = name.substring("WEB-INF/classes/".length(), name.length() - 6).replace('/', '.');
                    if (mentions(bytes, "Ljakarta/ws/rs/ApplicationPath;".getBytes(StandardCharsets.ISO_8859_1))) {
                        ApplicationPath ap = Class.forName(type, false, loader()).getAnnotation(ApplicationPath.class);
                        applicationPath = ap == null ? applicationPath : ap.value();
                    }
                    if (mentions(bytes, PATH)) {
                        Class<?> c = Class.forName(type, false, loader());
                        if (c.isAnnotationPresent(Path.class)) {
                            resources.add(c);
                        }
                    }
                } else if (name.startsWith("WEB-INF/lib/") && name.endsWith(".jar") && libraryHasResources(war.getInputStream(e))) {
                    routes.add("RESOURCES IN LIBRARY " + name);
                }
            }
        }
        for (Class<?> c : resources) {
            for (Method m : c.getMethods()) {
                String verb = httpMethod(m);
                Path sub = m.getAnnotation(Path.class);
                if (verb == null && sub != null) {
                    routes.add("LOCATOR " + join(applicationPath, c.getAnnotation(Path.class).value(), sub.value()));
                } else if (verb != null) {
                    routes.add(verb + " " + join(applicationPath, c.getAnnotation(Path.class).value(),
                            sub == null ? "" : sub.value()));
                }
            }
        }
        return routes;
    }

    private static ClassLoader loader() {
        return DeployedRoutes.class.getClassLoader();
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

    /** "/a/{b}/c" from path segments; a template's regular expression is dropped ({@code {file: .*}} is {@code {file}}). */
    static String join(String... parts) {
        String joined = Stream.of(parts).flatMap(p -> Stream.of(p.split("/"))).filter(s -> !s.isBlank())
                .collect(Collectors.joining("/"));
        return "/" + joined.replaceAll("\\{\\s*(\\w+)\\s*:[^}]*}", "{$1}");
    }

    private static boolean libraryHasResources(InputStream jar) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar.readAllBytes()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().endsWith(".class") && mentions(in.readAllBytes(), PATH)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mentions(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
