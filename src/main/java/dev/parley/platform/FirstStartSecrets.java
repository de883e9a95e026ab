package dev.parley.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Where a secret generated at first start (the default environment's key, the console admin's password) is shown,
 * the only time it exists in plain text. By default on stdout, so a first local start needs no extra step; with
 * {@code PARLEY_SECRETS_FILE} it is appended to that file, created readable by the server's user only, and stdout
 * says only where it went, so a container's log collector never receives it.
 */
@ApplicationScoped
public class FirstStartSecrets {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @Inject
    @ConfigProperty(name = "parley.secrets.file")
    Optional<String> file;

    /** Shows {@code secret}, introduced by {@code what} (e.g. "Secret key of the default environment"). */
    public void reveal(String what, String secret) {
        reveal(file.filter(f -> !f.isBlank()).map(Path::of), what, secret, System.out);
    }

    static void reveal(Optional<Path> file, String what, String secret, PrintStream out) {
        if (file.isEmpty()) {
            out.println(banner(what + " (shown once, keep it safe):", secret));
            return;
        }
        Path path = file.get().toAbsolutePath();
        append(path, what + ":\n  " + secret + "\n");
        out.println(banner(what + " was written to (owner-only):", path.toString()));
    }

    private static String banner(String title, String value) {
        return """

                ============================================================
                 Parley: %s
                   %s
                ============================================================
                """.formatted(title, value);
    }

    /** Appends to the file, creating it owner-only; an existing file is narrowed to owner-only first. */
    static void append(Path path, String text) {
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException exists) {
                Files.setPosixFilePermissions(path, OWNER_ONLY);
            } catch (UnsupportedOperationException notPosix) {
                // not a POSIX file system: the directory's own permissions apply
                Files.write(path, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first-start secrets to " + path
                    + " (PARLEY_SECRETS_FILE)", e);
        }
    }
}
