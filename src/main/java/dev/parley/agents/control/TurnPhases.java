package dev.parley.agents.control;

import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Callable;

/**
 * The turn loop's phase boundaries. The run engine enters every phase through here, so {@link HookDispatch} can
 * run the agent's hooks for the phase's moment (and publish it) before the phase's work.
 */
@ApplicationScoped
public class TurnPhases {

    /** The hook kind that runs at {@code moment}. */
    public static Hook hookOf(Lifecycle moment) {
        return switch (moment) {
            case Lifecycle.Boot b -> Hook.BOOT;
            case Lifecycle.RecoveryBoot r -> Hook.RECOVERY_BOOT;
            case Lifecycle.Preload p -> Hook.PRELOAD;
            case Lifecycle.ChatStart c -> Hook.CHAT_START;
            case Lifecycle.HydrateMessages h -> Hook.HYDRATE_MESSAGES;
            case Lifecycle.ValidateMessages v -> Hook.VALIDATE_MESSAGES;
            case Lifecycle.TurnStart t -> Hook.TURN_START;
            case Lifecycle.BeforeTurnComplete b -> Hook.BEFORE_TURN_COMPLETE;
            case Lifecycle.TurnComplete t -> Hook.TURN_COMPLETE;
            case Lifecycle.Action a -> Hook.ACTION;
            case Lifecycle.ChatSuspend s -> Hook.CHAT_SUSPEND;
            case Lifecycle.ChatResume r -> Hook.CHAT_RESUME;
        };
    }

    /** Enters a phase: hooks for {@code moment} first, then {@code work}. */
    @LifecyclePhase
    public <T> T enter(Lifecycle moment, AgentDescriptor agent, Callable<T> work) throws Exception {
        return work.call();
    }

    /** A moment with no work of its own (hooks and event only). */
    @LifecyclePhase
    public void reach(Lifecycle moment, AgentDescriptor agent) {
    }
}
