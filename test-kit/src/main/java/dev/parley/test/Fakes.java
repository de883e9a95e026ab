package dev.parley.test;

import dev.parley.agent.Agent;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Builds an agent as CDI would for a test: the no-argument constructor, every {@code @Inject} field set from the
 * fakes (by assignable type), then its {@code @PostConstruct} method. A field with no fake fails at once, naming it.
 */
final class Fakes {

    private Fakes() {
    }

    static Agent create(Class<? extends Agent> type, Map<Class<?>, Object> fakes) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Agent agent = constructor.newInstance();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.isAnnotationPresent(Inject.class) && !Modifier.isStatic(f.getModifiers())) {
                        f.setAccessible(true);
                        f.set(agent, fakeFor(f, fakes));
                    }
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (m.isAnnotationPresent(PostConstruct.class)) {
                    m.setAccessible(true);
                    m.invoke(agent);
                }
            }
            return agent;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getSimpleName() + " offline: " + e, e);
        }
    }

    private static Object fakeFor(Field f, Map<Class<?>, Object> fakes) {
        Object exact = fakes.get(f.getType());
        if (exact != null) {
            return exact;
        }
        for (Object fake : fakes.values()) {
            if (f.getType().isInstance(fake)) {
                return fake;
            }
        }
        throw new IllegalStateException(f.getDeclaringClass().getSimpleName() + "." + f.getName() + " needs a "
                + f.getType().getSimpleName() + ": give one with OfflineChats.inject(" + f.getType().getSimpleName()
                + ".class, …)" + (f.getType().getSimpleName().equals("Models") ? " or OfflineChats.model(…)" : ""));
    }
}
