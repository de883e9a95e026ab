package dev.parley.platform;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Fields on every log line the current thread writes while they are set: Liberty's JSON logging
 * ({@code PARLEY_LOG_FORMAT=json}) adds them to each line as {@code ext_…} members, so a log collector can pick out
 * everything one turn logged. They go through Liberty's {@code LogRecordContext} (an IBM API every application sees),
 * looked up once by reflection because Parley compiles against Jakarta EE and MicroProfile alone; where the class is
 * absent (unit tests, another server) setting a field does nothing.
 */
public final class LogFields {

    private static final MethodHandle ADD;
    private static final MethodHandle REMOVE;

    static {
        MethodHandle add = null;
        MethodHandle remove = null;
        try {
            Class<?> context = Class.forName("com.ibm.websphere.logging.hpel.LogRecordContext");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            add = lookup.findStatic(context, "addExtension", MethodType.methodType(void.class, String.class, String.class));
            remove = lookup.findStatic(context, "removeExtension", MethodType.methodType(boolean.class, String.class));
        } catch (ReflectiveOperationException | LinkageError absent) {
            // not on Liberty: no fields
        }
        ADD = add;
        REMOVE = remove;
    }

    private LogFields() {
    }

    /** Sets {@code name} on this thread's log lines (Liberty's JSON shows it as {@code ext_<name>}) until {@link #remove}. */
    public static void put(String name, String value) {
        if (ADD != null && value != null) {
            try {
                ADD.invoke(name, value);
            } catch (Throwable e) {
                throw new IllegalStateException("setting the log field " + name + " failed", e);
            }
        }
    }

    public static void remove(String name) {
        if (REMOVE != null) {
            try {
                boolean ignored = (boolean) REMOVE.invoke(name);
            } catch (Throwable e) {
                throw new IllegalStateException("clearing the log field " + name + " failed", e);
            }
        }
    }
}
