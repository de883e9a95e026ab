package dev.parley.auth.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Seals secret keys at rest with AES-256-GCM under a key-encryption key: {@code PARLEY_KEY_ENCRYPTION_KEY}
 * (base64, 32 bytes) when set — required when several nodes share a database — otherwise one generated on first
 * start and kept in the server's data directory with owner-only permissions.
 */
@ApplicationScoped
public class KeySealer {

    private static final Logger LOG = Logger.getLogger(KeySealer.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VERSION = "v1:";

    @Inject
    @ConfigProperty(name = "parley.key.encryption.key")
    Optional<String> configuredKey;

    @Inject
    @ConfigProperty(name = "parley.data.dir", defaultValue = "parley-data")
    String dataDir;

    private SecretKey key;

    @PostConstruct
    void init() {
        byte[] raw = configuredKey.filter(s -> !s.isBlank()).map(s -> Base64.getDecoder().decode(s.trim()))
                .orElseGet(this::localKey);
        if (raw.length != 32) {
            throw new IllegalStateException("PARLEY_KEY_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
        }
        key = new SecretKeySpec(raw, "AES");
    }

    private byte[] localKey() {
        Path file = Path.of(dataDir, "key-encryption.key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] k = new byte[32];
            RANDOM.nextBytes(k);
            Files.writeString(file, Base64.getEncoder().encodeToString(k));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the directory's own permissions apply
            }
            LOG.warning("generated a local key-encryption key at " + file.toAbsolutePath()
                    + "; set PARLEY_KEY_ENCRYPTION_KEY when several nodes share one database");
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String seal(String secret) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    public String unseal(String sealed) {
        if (!sealed.startsWith(VERSION)) {
            throw new IllegalStateException("unknown sealed-secret format");
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot unseal a secret: wrong key-encryption key?", e);
        }
    }
}
