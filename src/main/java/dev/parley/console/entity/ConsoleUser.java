package dev.parley.console.entity;

import java.util.Objects;

/** Who is signed in to the console, and how: the local admin ({@code local}) or an SSO identity ({@code sso}). */
public record ConsoleUser(String subject, ConsoleRole role, String source) {

    public ConsoleUser {
        Objects.requireNonNull(subject);
        Objects.requireNonNull(role);
        Objects.requireNonNull(source);
    }
}
