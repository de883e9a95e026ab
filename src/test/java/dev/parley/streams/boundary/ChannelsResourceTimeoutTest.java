package dev.parley.streams.boundary;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.RuntimeDelegate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code X-Timeout-Seconds} parsing; there is no JAX-RS runtime here, so a tiny fake builds the 400 responses. */
class ChannelsResourceTimeoutTest {

    @BeforeAll
    static void installResponseBuilder() {
        RuntimeDelegate.setInstance(new FakeRuntimeDelegate());
    }

    @AfterAll
    static void removeResponseBuilder() {
        RuntimeDelegate.setInstance(null);
    }

    @Test
    void defaultsToSixtySecondsWithoutAHeader() {
        assertEquals(60, ChannelsResource.timeoutSeconds(null));
    }

    @ParameterizedTest
    @CsvSource({"1,1", "600,600", "30,30", "' 45 ',45"})
    void acceptsOneToSixHundredSeconds(String header, int expected) {
        assertEquals(expected, ChannelsResource.timeoutSeconds(header));
    }

    @ParameterizedTest
    @CsvSource({
            "0,Timeout seconds must be greater than 0",
            "-5,Timeout seconds must be greater than 0",
            "601,Timeout seconds must be less than 600",
            "x,Invalid timeout seconds",
            "'',Invalid timeout seconds",
            "1.5,Invalid timeout seconds",
            "99999999999,Invalid timeout seconds"})
    void rejectsOtherValuesWithAPlainTextBadRequest(String header, String message) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> ChannelsResource.timeoutSeconds(header));
        Response r = e.getResponse();
        assertEquals(400, r.getStatus());
        assertEquals(MediaType.TEXT_PLAIN_TYPE, r.getMediaType());
        assertEquals(message, r.getEntity());
    }
}
