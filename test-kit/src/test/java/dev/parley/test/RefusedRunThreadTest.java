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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run whose drain the turn executor refuses (a server stopping refuses work from the start of its quiesce period) is
 * not retried, which kept the stop waiting: a run not yet waiting is released to recovery, a WAITING one stays as it
 * is (the stopping server suspends it; otherwise its next wake tries again).
 */
class RefusedRunThreadTest {

    private final QuietExecutor threads = new QuietExecutor();
    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        threads.shutdown();
        scheduler.shutdownNow();
    }

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Executor runs = task -> {
        if (stopping.get()) {
            throw new RejectedExecutionException("the executor has been shut down");
        }
        threads.execute(task);
    };

    @Test
    void aRunTheExecutorRefusesIsNotRetriedAndItsRecoveryAnswers() throws Exception {
        OfflineSession session = session(Reply.text("Hello there!"));
        stopping.set(true);

        session.append(new ChatInput("chat-1").submit(UIMessage.user("u1", "Hi"), null));

        assertEquals(RunStatus.BOOTING, session.status(), "taken, but it got no thread");
        assertEquals(0, scheduler.getTaskCount(), "nothing scheduled to try again: the run was let go");

        stopping.set(false);
        session.crash(); // what the reaper does once the released run's lease has lapsed
        threads.awaitQuiet(Duration.ofSeconds(30));
        assertEquals("Hello there!", session.history().getLast().text(), "the recovery answers the message");
        assertEquals(RunStatus.CRASHED, session.runs().getFirst().status());
    }

    @Test
    void aWaitingRunTheExecutorRefusesStaysWaitingAndItsNextWakeAnswers() throws Exception {
        OfflineSession session = session(Reply.text("Hello there!"), Reply.text("Still here."));
        ChatInput client = new ChatInput("chat-1");
        session.append(client.submit(UIMessage.user("u1", "Hi"), null));
        threads.awaitQuiet(Duration.ofSeconds(30));
        assertEquals(RunStatus.WAITING, session.status());
        long scheduled = scheduler.getTaskCount();

        stopping.set(true);
        assertTrue(session.idleTimeout(), "the idle timeout fires while no thread is to be had");
        assertEquals(RunStatus.WAITING, session.status(), "not suspended without a thread, and not let go either");
        assertEquals(scheduled, scheduler.getTaskCount(), "nothing scheduled to try again");

        stopping.set(false);
        session.append(client.submit(UIMessage.user("u2", "Still there?"), null));
        threads.awaitQuiet(Duration.ofSeconds(30));
        assertEquals("Still here.", session.history().getLast().text(), "the same run answers the next message");
        assertEquals(1, session.runs().size());
    }

    private OfflineSession session(Reply... replies) {
        ScriptedModel model = ScriptedModel.create().reply(replies);
        Agent agent = Fakes.create(NotesAgent.class, Map.of(Models.class, Models.of(model),
                NotesAgent.NoteStore.class, new NotesAgent.NoteStore() {
                    @Override
                    public void save(String note) {
                    }

                    @Override
                    public void removeLast() {
                    }
                }));
        return new OfflineSession("chat-1", AgentDescriptor.of(NotesAgent.class), agent, "{}",
                new OfflineSession.Agents() {
                    @Override
                    public void reach(Lifecycle moment, AgentDescriptor a) throws Exception {
                        HookDispatch.runHooks(a, agent, moment);
                    }

                    @Override
                    public void checkPayload(String what, JsonValue value, Class<?> type) {
                    }
                }, (agentId, task, context) -> null, new OfflineStore(), runs, scheduler);
    }
}
