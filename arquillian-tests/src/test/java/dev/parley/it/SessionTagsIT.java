package dev.parley.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.parley.it.Parley.KEY;
import static dev.parley.it.Parley.bearer;
import static dev.parley.it.Parley.json;
import static dev.parley.it.Parley.send;
import static dev.parley.it.SessionTagProperties.patchTags;
import static dev.parley.it.SessionTagProperties.tagsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** Issue 20: a session's tags can be reordered, resized and updated concurrently without a server error. */
@ExtendWith(ArquillianExtension.class)
class SessionTagsIT {

    @Deployment(name = SharedDeployment.NAME, testable = false)
    static WebArchive deployment() {
        return Parley.war();
    }

    @Test
    void reorderingAndResizingTagsKeepsExactlyTheTagsSent() {
        String chat = Parley.uniqueChatId();
        Parley.createChat(chat);
        for (List<String> tags : List.<List<String>>of(List.of("a", "b"), List.of("b", "a"), List.of("c"), List.of("x", "y", "z"),
                List.of(), List.of("z", "z", "y"), List.of("y", "z", "z"))) {
            HttpResponse<String> r = patchTags(chat, tags);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(tags, tagsOf(json(r.body())));
        }
    }

    @Test
    void anySequenceOfTagUpdatesLeavesExactlyTheTagsSent() {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(SessionTagProperties.class))
                .filters(org.junit.platform.launcher.EngineFilter.includeEngines("jqwik")).build(), summary);
        StringWriter failures = new StringWriter();
        summary.getSummary().printFailuresTo(new PrintWriter(failures), 20);
        assertEquals(0, summary.getSummary().getTotalFailureCount(), failures.toString());
        assertTrue(summary.getSummary().getTestsSucceededCount() > 0, "the property ran");
    }

    @Test
    void concurrentTagUpdatesOfOneSessionAllSucceedAndTheLastWriterWins() throws Exception {
        String chat = Parley.uniqueChatId();
        Parley.createChat(chat);
        List<List<String>> sent = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            List<String> tags = new ArrayList<>(List.of("t" + i, "shared", "u" + (i % 3)));
            Collections.rotate(tags, i);
            sent.add(tags.subList(0, 1 + i % 3));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // one HTTP/1.1 connection per update (RawHttp, 30 s socket timeout): each waits for the server alone
            java.net.URI base = java.net.URI.create(Parley.URL);
            List<Future<RawHttp.Answer>> answers = new ArrayList<>();
            sent.forEach(tags -> answers.add(pool.submit(() -> RawHttp.exchange(base.getHost(), base.getPort(), "PATCH",
                    "/api/v1/sessions/" + chat, List.of(new String[]{"Authorization", bearer(KEY)},
                            new String[]{"Content-Type", "application/json"}),
                    ("{\"tags\":" + jakarta.json.Json.createArrayBuilder(tags).build() + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)))));
            for (Future<RawHttp.Answer> a : answers) {
                RawHttp.Answer r = a.get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(200, r.status(), r.body());
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> stored = tagsOf(json(send("GET", "/api/v1/sessions/" + chat, null, "Authorization", bearer(KEY)).body()));
        assertTrue(sent.contains(stored), "the tags of one of the updates, whole: " + stored);
    }
}
