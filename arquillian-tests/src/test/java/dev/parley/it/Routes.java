package dev.parley.it;

import jakarta.servlet.annotation.WebServlet;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;

/**
 * The routes of the WAR under test, read from its classes (JAX-RS resource methods and servlets), so a new route
 * is exercised without anyone listing it.
 */
final class Routes {

    /** One resource method: its path template (no leading slash) and HTTP method. */
    record Route(String template, String method) {
    }

    private Routes() {
    }

    /** Classes of the WAR the test classpath cannot load or inspect: their routes, if any, are not fuzzed. */
    static final List<String> UNREADABLE = new java.util.concurrent.CopyOnWriteArrayList<>();

    static List<Route> ofDeployedApplication() {
        List<Route> routes = new ArrayList<>();
        for (Class<?> c : classes()) {
            try {
                add(c, routes);
            } catch (LinkageError e) {
                UNREADABLE.add(c.getName() + " (" + e + ")");
            }
        }
        return routes;
    }

    private static void add(Class<?> c, List<Route> routes) {
        Path root = c.getAnnotation(Path.class);
        if (root != null) {
            for (Method m : c.getMethods()) {
                String http = httpMethod(m);
                if (http != null) {
                    Path sub = m.getAnnotation(Path.class);
                    routes.add(new Route(join(root.value(), sub == null ? "" : sub.value()), http));
                }
            }
        }
        WebServlet servlet = c.getAnnotation(WebServlet.class);
        if (servlet != null) {
            for (String p : servlet.value()) {
                routes.add(new Route(join(p, ""), "GET"));
            }
        }
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

    private static String join(String a, String b) {
        String s = (a + "/" + b).replaceAll("/+", "/");
        s = s.startsWith("/") ? s.substring(1) : s;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static Set<Class<?>> classes() {
        Set<Class<?>> found = new java.util.LinkedHashSet<>();
        Set<String> names = new TreeSet<>();
        try (ZipFile war = new ZipFile(new File(System.getProperty("parley.war")))) {
            war.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("WEB-INF/classes/") && n.endsWith(".class") && !n.contains("$"))
                    .forEach(n -> names.add(n.substring("WEB-INF/classes/".length(), n.length() - 6).replace('/', '.')));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the WAR under test", e);
        }
        for (String n : names) {
            try {
                found.add(Class.forName(n, false, Routes.class.getClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                UNREADABLE.add(n + " (" + e + ")");
            }
        }
        return found;
    }
}
