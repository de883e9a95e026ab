package dev.parley.console.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A console route reachable before sign-in (the sign-in routes themselves). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface SignIn {
}
