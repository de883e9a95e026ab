package dev.parley.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The managed server's log, where failure detail goes (the client sees only its error id). */
final class ServerLog {

    private static final Pattern ERROR_ID = Pattern.compile("err_[0-9A-Za-z]+");

    private ServerLog() {
    }

    /** The error id in a client-facing error text. */
    static String errorId(String clientText) {
        Matcher m = ERROR_ID.matcher(clientText);
        if (!m.find()) {
            throw new AssertionError("no error id in: " + clientText);
        }
        return m.group();
    }

    /** The log text from the line naming {@code errorId} on (the detail and its stack trace follow it). */
    static String entry(String errorId) {
        try {
            String all = Files.readString(log());
            int at = all.indexOf(errorId);
            return at < 0 ? "" : all.substring(Math.max(0, all.lastIndexOf('\n', at)), Math.min(all.length(), at + 4_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first log line holding {@code text}; empty when there is none (yet). */
    static String line(String text) {
        try (var lines = Files.lines(log())) {
            return lines.filter(l -> l.contains(text)).findFirst().orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path log() {
        return Path.of(System.getProperty("parley.wlp"), "usr/servers",
                System.getProperty("parley.server.name", "parley-it"), "logs/messages.log");
    }
}
