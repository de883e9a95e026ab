package dev.parley.audit.boundary;

import dev.parley.audit.entity.AuditAction;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route as an admin action: {@link AuditInterceptor} records it as done in the route's transaction, or as
 * refused when it answers with an error. {@code target} names the path parameter that identifies what the action
 * is on (the route may name a better one while it runs, through {@code AuditContext.target}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Audited {

    /** The action; exactly one on a route (an array only so the interceptor's own binding can leave it out). */
    @Nonbinding AuditAction[] value() default {};

    @Nonbinding String target() default "";
}
