package dev.parley.agent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Stereotype;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a CDI bean implementing {@link Agent} as a chat agent. Sessions whose {@code taskIdentifier} equals
 * {@link #id()} are served by it. Discovered at deployment; two agents with one id fail the deployment.
 * A stereotype: the agent is an application-scoped bean without further annotations.
 */
@Stereotype
@ApplicationScoped
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ChatAgent {

    String id();

    /** How long a run waits warm (in memory, no thread) for the next message before it suspends. */
    int idleTimeoutSeconds() default 30;

    /** The run ends after this many turns; the next message continues the chat in a new run. */
    int maxTurns() default 100;

    /** How long one turn may stream before it is stopped and the run ends as timed out. */
    int turnTimeoutSeconds() default 600;

    /** How long a suspended run waits for the next message before it ends. */
    int suspendedTimeoutSeconds() default 3600;

    /** Messages arriving mid-turn are injected at the next step boundary instead of queued as the next turn. */
    boolean steering() default false;

    /** The type {@code metadata} (client data) is read into and validated as, or {@code Void} for raw JSON. */
    Class<?> clientData() default Void.class;

    /** The type an action payload is read into and validated as, or {@code Void} for raw JSON. */
    Class<?> actions() default Void.class;

    /**
     * Whether a suspended run may resume its stored state on another application version (docs/runs.md, "Versions").
     * By default a run started on another version is handed to a new run (reason {@code UPGRADE}) instead; set this
     * when the agent's {@code state()} and hooks read what any of its versions wrote.
     */
    boolean resumesAcrossVersions() default false;

    /** The names of the prompts ({@code @Produces Prompt}) the agent uses; the console lists their versions. */
    String[] prompts() default {};
}
