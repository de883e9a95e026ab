package dev.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 20: any sequence of valid tag updates of one session succeeds and leaves exactly the tags sent, in their
 * order (reorders, more, fewer, none, repeats). Runs against the deployed server; {@link SessionTagsIT} launches it.
 */
class SessionTagProperties {

    @Property(tries = 40)
    void everyTagUpdateLeavesExactlyTheTagsSentInOrder(@ForAll("updates") List<List<String>> updates) {
        String chat = Parley.uniqueChatId();
        Parley.createChat(chat);
        for (List<String> tags : updates) {
            HttpResponse<String> patched = patchTags(chat, tags);
            assertEquals(200, patched.statusCode(), patched.body());
            assertEquals(tags, tagsOf(json(patched.body())), "the PATCH answer");
            HttpResponse<String> read = send("GET", "/api/v1/sessions/" + chat, null, "Authorization", bearer(KEY));
            assertEquals(tags, tagsOf(json(read.body())), "a later read");
        }
    }

    @Provide
    Arbitrary<List<List<String>>> updates() {
        Arbitrary<String> tag = Arbitraries.oneOf(Arbitraries.of("a", "b", "c", "x", "y", "z"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(128).excludeChars('\u0000')
                        .filter(SessionTagProperties::encodable));
        return tag.list().ofMaxSize(10).list().ofMinSize(1).ofMaxSize(6);
    }

    static HttpResponse<String> patchTags(String session, List<String> tags) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        tags.forEach(a::add);
        return send("PATCH", "/api/v1/sessions/" + session, Json.createObjectBuilder().add("tags", a).build().toString(),
                "Authorization", bearer(KEY), "Content-Type", "application/json");
    }

    static List<String> tagsOf(JsonObject session) {
        return session.getJsonArray("tags").getValuesAs(JsonString::getString);
    }

    /** Unpaired surrogates are refused (they cannot be UTF-8); the property is about valid updates. */
    private static boolean encodable(String s) {
        return java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }
}
