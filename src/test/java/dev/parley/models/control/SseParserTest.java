package dev.parley.models.control;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SseParserTest {

    @Test
    void joinsDataLinesSkipsCommentsAndDropsAnUnfinishedEvent() {
        List<String> seen = new ArrayList<>();
        SseParser p = new SseParser((event, data) -> seen.add(event + "|" + data) || true);
        for (String line : List.of(": keep-alive", "event: ping", "data: {\"a\":", "data:1}", "id: 7", "",
                "", "data: second", "", "data: never dispatched")) {
            p.line(line);
        }
        assertEquals(List.of("ping|{\"a\":\n1}", "message|second"), seen);
    }

    @Test
    void stopsWhenTheListenerSaysTheResponseIsComplete() {
        SseParser p = new SseParser((event, data) -> !data.equals("[DONE]"));
        p.line("data: x");
        p.line("");
        p.line("data: [DONE]");
        assertFalse(p.line(""));
    }
}
