package dev.parley.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads the (small) error body of a refused streaming request, at most 64 KiB. */
final class ErrorBodies {

    private ErrorBodies() {
    }

    static String read(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try (in) {
            for (int n; out.size() < 65_536 && (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // what arrived is enough to report
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
