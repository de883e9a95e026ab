package dev.parley.runs.control;

import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.chat.control.MessageMerge;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.entity.RunStatus;

import java.util.List;
import java.util.logging.Logger;

/**
 * A run's first step on this node, before it reads {@code .in}: a resumed run of another application version hands
 * the chat on; a recovery that keeps crashing gives up; then the run listens, restores its snapshot, fires its boot
 * hooks and, for a run started with a message (the trigger.dev payload), answers it.
 */
final class RunBoot {

    private static final Logger LOG = Logger.getLogger(RunBoot.class.getName());

    private final LiveRun run;
    private final RunRow row;
    private final RunPorts ports;
    private final AgentDescriptor agent;
    private final RunPayload payload;
    private final RunMemory memory;
    private final TurnRunner turnRunner;
    private final CrashedTurn crashed;

    RunBoot(LiveRun run, RunRow row, RunPorts ports, AgentDescriptor agent, RunPayload payload, RunMemory memory,
            TurnRunner turnRunner, CrashedTurn crashed) {
        this.run = run;
        this.row = row;
        this.ports = ports;
        this.agent = agent;
        this.payload = payload;
        this.memory = memory;
        this.turnRunner = turnRunner;
        this.crashed = crashed;
    }

    void boot() {
        if (VersionPin.upgradeOnResume(row, ports.lease().appVersion(), agent)) {
            LOG.info("run " + row.friendlyId() + " of version " + row.appVersion() + " resumes on version "
                    + ports.lease().appVersion() + ": handed to an upgrade run");
            ports.handoff().upgrade();
            run.end(RunStatus.COMPLETED, "upgrade");
            return;
        }
        if (run.recovery()) {
            int crashes = ports.lease().crashesInARow();
            if (crashes >= payload.maxAttempts(ports.periods().maxAttempts())) {
                // a poison input: recovering once more would crash once more
                run.fail(TurnError.gaveUp("run " + row.friendlyId(), crashes));
                return;
            }
        }
        ports.log().listen(run);
        boolean hydrated = agent != null && !agent.hooks(Hook.HYDRATE_MESSAGES).isEmpty();
        ports.log().snapshot().ifPresent(s -> {
            if (!hydrated) {
                memory.history(UIMessageCodec.parseArray(s.messages()));
            }
            memory.restore(s);
        });
        String agentId = run.agentId();
        String chatId = run.chatId();
        if (row.resumed()) {
            run.reach(new Lifecycle.ChatResume(agentId, chatId, row.friendlyId()));
            return;
        }
        run.reach(new Lifecycle.Boot(agentId, chatId, row.friendlyId(), row.continuation(), row.reason().name()));
        if (run.recovery()) {
            crashed.found(ports.log().partialAnswer(memory.turnComplete()));
            run.reach(new Lifecycle.RecoveryBoot(agentId, chatId, row.friendlyId(), List.copyOf(memory.history()),
                    crashed.partial() == null ? null : crashed.partial().message(), crashed::drop));
        }
        if (row.continuation()) {
            return;
        }
        String trigger = payload.trigger();
        if ("preload".equals(trigger)) {
            run.reach(new Lifecycle.Preload(agentId, chatId, row.friendlyId(), payload.metadata()));
        } else if ("submit-message".equals(trigger) && payload.message() != null) {
            memory.history(MessageMerge.upsert(memory.history(), UIMessageCodec.fromJson(payload.message())));
            turnRunner.runTurn(trigger, payload.metadata(), memory.inCursor(), null);
        }
    }
}
