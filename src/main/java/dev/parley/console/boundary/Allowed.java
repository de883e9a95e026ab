package dev.parley.console.boundary;

import dev.parley.console.entity.ConsoleRole;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role a console route needs. A console route without it (and without {@link SignIn}) is refused:
 * {@link ConsoleAuthentication} fails closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@interface Allowed {
    ConsoleRole value();
}
