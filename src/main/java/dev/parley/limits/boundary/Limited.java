package dev.parley.limits.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A public API route counted against the per-address and per-credential request limits ({@link RequestLimits}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Limited {

    Kind value();

    enum Kind { CREATE, APPEND }
}
