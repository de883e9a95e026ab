package dev.parley.test;

import dev.parley.agent.Hook;
import dev.parley.agent.message.UIMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Version-pinned runs (docs/runs.md, "Versions"): a suspended run woken on another application version is not thawed
 * but handed to an upgrade run, which answers the waiting message once; live runs and agents that opt out go on.
 */
@OfflineAgentTest
class VersionUpgradeTest {

    @Test
    void aSuspendedRunWokenOnAnotherVersionEndsAsUpgradedAndANewRunAnswers(OfflineChats chats) {
        TestChat chat = chats.open(CountingAgent.class).send("one").idle();
        chat.redeploy("2").send("two");

        List<TestChat.Run> runs = chat.runs();
        assertEquals(List.of("INITIAL", "UPGRADE"), runs.stream().map(TestChat.Run::reason).toList());
        assertEquals(TestChat.Status.COMPLETED, runs.getFirst().status());
        assertEquals("upgrade", runs.getFirst().endReason());
        assertTrue(runs.getFirst().appVersion().matches("agents-[0-9a-f]{12}"), "the kit's version: the agent's digest");
        assertEquals("2", runs.getLast().appVersion());
        assertFalse(runs.getLast().resumed());
        assertEquals(List.of("one", "turn 1: one", "two", "turn 1: two"),
                chat.history().stream().map(UIMessage::text).toList(), "answered once, by a run with fresh state");
        assertEquals(2, chat.turns().size());
        assertFalse(chat.hooks().contains(Hook.CHAT_RESUME), "the old run's state was not thawed");
    }

    @Test
    void aSuspendedRunWokenOnItsOwnVersionResumes(OfflineChats chats) {
        TestChat chat = chats.open(CountingAgent.class).send("one").idle();
        String version = chat.runs().getFirst().appVersion();

        chat.redeploy(version).send("two");

        assertEquals(1, chat.runs().size());
        assertTrue(chat.runs().getFirst().resumed());
        assertEquals("turn 2: two", chat.history().getLast().text());
    }

    @Test
    void aWaitingRunIsNotMovedByARedeployOfAnotherNode(OfflineChats chats) {
        TestChat chat = chats.open(CountingAgent.class).send("one");

        chat.redeploy("2").send("two");

        assertEquals(1, chat.runs().size(), "a run in memory keeps the code it runs on");
        assertEquals("turn 2: two", chat.history().getLast().text());
    }

    @Test
    void anAgentWhoseStateSurvivesVersionsResumesAcrossThem(OfflineChats chats) {
        TestChat chat = chats.open(CountingAgent.Portable.class).send("one").idle();
        String started = chat.runs().getFirst().appVersion();

        chat.redeploy("2").send("two");

        assertEquals(1, chat.runs().size());
        assertEquals(started, chat.runs().getFirst().appVersion(), "the version that started the run");
        assertNotEquals("2", started);
        assertEquals("turn 2: two", chat.history().getLast().text());
        assertTrue(chat.hooks().contains(Hook.CHAT_RESUME));
    }
}
