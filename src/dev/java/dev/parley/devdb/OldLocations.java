package dev.parley.devdb;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedded default used to keep its data under the build directory, where {@code mvn clean} deleted it: the
 * PostgreSQL cluster in {@code target/parley-data/postgres} and the generated key-encryption key in the Liberty
 * server's {@code parley-data}. This moves what it finds there into the data directory, once.
 *
 * <p>Moved, not copied: a second copy under {@code target/} would go on looking like the real data. Something already
 * at the new place is never overwritten; the old copy then stays where it is and the line says so.
 */
final class OldLocations {

    static final String KEY_FILE = "key-encryption.key";
    static final String POSTGRES = "postgres";

    private OldLocations() {
    }

    /** Moves old data from {@code buildDir} into {@code dataDir}; the one line to log, when there was any. */
    static Optional<String> moveInto(Path dataDir, Path buildDir) throws IOException {
        List<String> moved = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        move(buildDir.resolve("parley-data").resolve(POSTGRES), dataDir.resolve(POSTGRES), moved, kept);
        move(buildDir.resolve("liberty/wlp/usr/servers/parley/parley-data").resolve(KEY_FILE),
                dataDir.resolve(KEY_FILE), moved, kept);
        if (moved.isEmpty() && kept.isEmpty()) {
            return Optional.empty();
        }
        String line = moved.isEmpty() ? "" : "[parley] moved the embedded default's data (" + String.join(", ", moved)
                + ") from " + buildDir.toAbsolutePath() + " to " + dataDir.toAbsolutePath()
                + ", where mvn clean leaves it";
        if (!kept.isEmpty()) {
            line += (line.isEmpty() ? "[parley] " : "; ") + "left " + String.join(", ", kept) + " in "
                    + buildDir.toAbsolutePath() + ": " + dataDir.toAbsolutePath() + " already has its own";
        }
        return Optional.of(line);
    }

    private static void move(Path from, Path to, List<String> moved, List<String> kept) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        if (Files.exists(to)) {
            kept.add(from.getFileName().toString());
            return;
        }
        Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException renameFailed) {
            // another file system: a directory cannot be renamed across, so copy it all, then delete the original
            copyTree(from, to);
            deleteTree(from);
        }
        moved.add(from.getFileName().toString());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                try {
                    Files.delete(dir);
                } catch (DirectoryNotEmptyException raced) {
                    throw new IOException("cannot delete " + dir + ": something wrote into it meanwhile", raced);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
