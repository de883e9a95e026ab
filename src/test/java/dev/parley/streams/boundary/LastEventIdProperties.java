package dev.parley.streams.boundary;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Last-Event-ID} (decision D7): any header reads as a seq within bounds or as "from the start". */
class LastEventIdProperties {

    @Property
    void aSeqReadsBackWithPaddingAndAnythingAfterAComma(@ForAll @LongRange(min = 0, max = 999_999_999_999_999_999L) long seq,
                                                      @ForAll("spaces") String before, @ForAll("spaces") String after,
                                                      @ForAll String rest) {
        assertEquals(seq, LastEventId.parse(before + seq + after));
        assertEquals(seq, LastEventId.parse(before + seq + after + "," + rest));
    }

    @Property
    void anyHeaderReadsAsANonNegativeSeqOrAsNothing(@ForAll("headers") String header) {
        Long seq = LastEventId.parse(header);
        assertTrue(seq == null || seq >= 0, () -> "read " + seq);
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.strings().withChars(" \t").ofMaxLength(3);
    }

    @Provide
    Arbitrary<String> headers() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789-+, \t.e").ofMaxLength(25));
    }
}
