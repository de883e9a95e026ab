package dev.parley.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstStartSecretsTest {

    private static final String KEY = "tr_default_0123456789abcdefghijklmnopqrstuvwxyzAB";

    @Test
    void withoutAFileTheSecretIsPrintedOnce() {
        String out = reveal(Optional.empty(), KEY);
        assertTrue(out.contains(KEY), out);
    }

    @Test
    void withAFileTheSecretGoesThereOwnerOnlyAndStdoutOnlySaysWhere(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets/first-start.txt");
        String out = reveal(Optional.of(file), KEY);
        assertFalse(out.contains(KEY), "the log must not receive the secret: " + out);
        assertTrue(out.contains(file.toString()), out);
        assertTrue(Files.readString(file).contains(KEY));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        reveal(Optional.of(file), "console-password-0123456789");
        String both = Files.readString(file);
        assertTrue(both.contains(KEY) && both.contains("console-password-0123456789"), "later secrets are appended");
    }

    @Test
    void anExistingFileIsNarrowedToOwnerOnlyBeforeTheSecretIsWritten(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("secrets.txt"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-r--r--")));
        reveal(Optional.of(file), KEY);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    private static String reveal(Optional<Path> file, String secret) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FirstStartSecrets.reveal(file, "secret key of the default environment", secret,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
