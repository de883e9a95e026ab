package dev.parley.agents.control;

import dev.parley.agent.Lifecycle;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Dispatches lifecycle hooks around the turn loop's phases: when a {@link LifecyclePhase} method is entered with a
 * {@link Lifecycle} moment and an {@link AgentDescriptor}, the agent's {@code @On} methods for that moment run, the
 * moment is fired as a CDI event, and then the phase proceeds. A hook that throws fails the phase.
 */
@LifecyclePhase
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class HookDispatch {

    @Inject
    AgentRegistry registry;

    @Inject
    Event<Lifecycle> events;

    @AroundInvoke
    Object around(InvocationContext ic) throws Exception {
        Object[] args = ic.getParameters();
        if (args.length >= 2 && args[0] instanceof Lifecycle moment && args[1] instanceof AgentDescriptor agent) {
            runHooks(agent, registry.instance(agent), moment);
            events.fire(moment);
        }
        return ic.proceed();
    }

    /** The agent's {@code @On} methods for {@code moment}, in declaration order; the first that throws fails the phase. */
    public static void runHooks(AgentDescriptor agent, Object instance, Lifecycle moment) throws ReflectiveOperationException {
        for (Method m : agent.hooks(TurnPhases.hookOf(moment))) {
            invoke(m, instance, moment);
        }
    }

    private static void invoke(Method m, Object agent, Lifecycle moment) throws ReflectiveOperationException {
        try {
            if (m.getParameterCount() == 0) {
                m.invoke(agent);
            } else if (m.getParameterTypes()[0].isInstance(moment)) {
                m.invoke(agent, moment);
            } else {
                throw new IllegalStateException(m + " takes " + m.getParameterTypes()[0].getSimpleName()
                        + " but the " + moment.getClass().getSimpleName() + " moment was fired");
            }
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException x) {
                throw x;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            // a checked exception from a hook fails the phase like any other
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }
}
