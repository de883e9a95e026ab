package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Models;
import dev.parley.agent.message.UIMessage;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.agents.control.HookDispatch;
import dev.parley.runs.control.OfflineSession;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.test.ScriptedModel.Reply;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A run whose drain the turn executor refuses (a server stopping refuses work from the start of its quiesce period)
 * is released at once and left to recovery: no retry keeps it, and whatever woke it, busy while the server stops.
 */
class RefusedRunThreadTest {

    private final QuietExecutor threads = new QuietExecutor();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        threads.shutdown();
        scheduler.shutdownNow();
    }

    @Test
    void aRunTheExecutorRefusesIsNotRetriedAndItsRecoveryAnswers() throws Exception {
        AtomicBoolean stopping = new AtomicBoolean(true);
        Executor runs = task -> {
            if (stopping.get()) {
                throw new RejectedExecutionException("the executor has been shut down");
            }
            threads.execute(task);
        };
        ScriptedModel model = ScriptedModel.create().reply(Reply.text("Hello there!"));
        Agent agent = Fakes.create(NotesAgent.class, Map.of(Models.class, Models.of(model),
                NotesAgent.NoteStore.class, new NotesAgent.NoteStore() {
                    @Override
                    public void save(String note) {
                    }

                    @Override
                    public void removeLast() {
                    }
                }));
        OfflineSession session = new OfflineSession("chat-1", AgentDescriptor.of(NotesAgent.class), agent, "{}",
                new OfflineSession.Agents() {
                    @Override
                    public void reach(Lifecycle moment, AgentDescriptor a) throws Exception {
                        HookDispatch.runHooks(a, agent, moment);
                    }

                    @Override
                    public void checkPayload(String what, JsonValue value, Class<?> type) {
                    }
                }, (agentId, task, context) -> null, new OfflineStore(), runs, scheduler);

        session.append(new ChatInput("chat-1").submit(UIMessage.user("u1", "Hi"), null));

        assertEquals(RunStatus.BOOTING, session.status(), "taken, but it got no thread");
        assertEquals(0, scheduler.getTaskCount(), "nothing scheduled to try again: the run was let go");

        stopping.set(false);
        session.crash(); // what the reaper does once the released run's lease has lapsed
        threads.awaitQuiet(Duration.ofSeconds(30));
        assertEquals("Hello there!", session.history().getLast().text(), "the recovery answers the message");
        assertEquals(RunStatus.CRASHED, session.runs().getFirst().status());
    }
}
