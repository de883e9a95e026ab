package dev.parley.agent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A lifecycle hook method on a {@link ChatAgent}: {@code @On(Hook.TURN_COMPLETE) void saved(Lifecycle.TurnComplete e)}.
 * The method takes the matching {@link Lifecycle} record (or nothing).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface On {
    Hook value();
}
