package dev.parley.it;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Signs HS256 tokens the way the SDK's auth.createPublicToken does, so tests can forge good and bad ones. */
final class Jwts {

    private Jwts() {
    }

    static String hs256(String secret, String payloadJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sessionToken(String secret, String envId, String scopesJson, long expEpochSeconds) {
        return hs256(secret, """
                {"sub":"%s","pub":true,"scopes":%s,"iss":"https://id.trigger.dev","aud":"https://api.trigger.dev","iat":%d,"exp":%d}"""
                .formatted(envId, scopesJson, expEpochSeconds - 3600, expEpochSeconds));
    }
}
