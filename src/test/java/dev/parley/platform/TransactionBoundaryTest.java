package dev.parley.platform;

import jakarta.annotation.Resource;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.Singleton;
import jakarta.ejb.Stateless;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every bean that reaches the database does so inside a transaction. Outside one, Liberty keeps a shareable connection
 * bound to the request's (or task's) local transaction scope until it ends, even after the code closed it; a request
 * that then needs a second connection inside a transactional method holds one and waits for another, and under load
 * the pool deadlocks (a thousand concurrent chats did exactly that through the session quota and the key lookup).
 * <p>
 * The rule checked: a class with an injected {@code EntityManager} or {@code DataSource} is an EJB (container-managed
 * transactions) or every one of its non-private instance methods is {@code @Transactional} (on the class or the method).
 */
class TransactionBoundaryTest {

    /** Classes that use the database outside a transaction on purpose, each with the reason. */
    private static final List<String> DELIBERATE = List.of();

    @Test
    void everyDatabaseAccessRunsInATransaction() throws Exception {
        List<String> offenders = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : parleyClasses()) {
            if (!usesDatabase(type) || isEjb(type) || DELIBERATE.contains(type.getName())) {
                continue;
            }
            checked++;
            boolean classWide = type.isAnnotationPresent(Transactional.class);
            for (Method m : type.getDeclaredMethods()) {
                if (Modifier.isPrivate(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                    continue;
                }
                if (!classWide && !m.isAnnotationPresent(Transactional.class)) {
                    offenders.add(type.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertFalse(checked < 10, "found only " + checked + " database beans: the scan is looking in the wrong place");
        assertEquals(List.of(), offenders, "database access outside a transaction");
    }

    private static boolean usesDatabase(Class<?> type) {
        for (Field f : type.getDeclaredFields()) {
            if (f.isAnnotationPresent(PersistenceContext.class)
                    || f.isAnnotationPresent(Resource.class) && DataSource.class.isAssignableFrom(f.getType())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEjb(Class<?> type) {
        return type.isAnnotationPresent(Stateless.class) || type.isAnnotationPresent(Singleton.class)
                || type.isAnnotationPresent(MessageDriven.class);
    }

    private static List<Class<?>> parleyClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        // target/test-classes → target/classes, where the application's classes are compiled
        Path root = Path.of(TransactionBoundaryTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().resolve("classes");
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("dev/parley"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                found.add(Class.forName(name, false, TransactionBoundaryTest.class.getClassLoader()));
            }
        }
        return found;
    }
}
