package dev.parley.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a JUnit 5 test class whose tests chat with agents offline: a test method takes an {@link OfflineChats}
 * parameter and opens chats from it. Everything a test opened is shut down after it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(OfflineAgentExtension.class)
public @interface OfflineAgentTest {
}
