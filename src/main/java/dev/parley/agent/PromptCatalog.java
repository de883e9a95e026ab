package dev.parley.agent;

import dev.parley.models.control.PromptChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.TreeMap;

/**
 * The deployment's prompts: every {@link Prompt} an application produces as a CDI bean ({@code @Produces Prompt}),
 * with the console's overrides applied. Agents ask it per turn, so an override or a revert reaches the next turn on
 * every node (the override is read from the database each time; there is no cache to go stale).
 */
@ApplicationScoped
public class PromptCatalog {

    @Inject
    @Any
    Instance<Prompt> produced;

    @Inject
    PromptChanges changes;

    private volatile Prompts code;

    /** The code-defined prompts, by name and version. */
    public Prompts code() {
        Prompts p = code;
        if (p == null) {
            synchronized (this) {
                if (code == null) {
                    Prompts all = new Prompts();
                    produced.forEach(all::register);
                    code = all;
                }
                p = code;
            }
        }
        return p;
    }

    /** The latest version of a prompt, as overridden in the console if it is. */
    public Prompt get(String name) {
        return effective(code().get(name));
    }

    /** One version of a prompt, as overridden in the console if it is. */
    public Prompt get(String name, int version) {
        return effective(code().get(name, version));
    }

    /** The code-defined prompt with the override in force applied. */
    public Prompt effective(Prompt defined) {
        return changes.current(defined.name(), defined.version()).filter(c -> !c.code())
                .map(c -> defined.with(c.newTemplate(), c.newModel())).orElse(defined);
    }

    public Map<String, TreeMap<Integer, Prompt>> all() {
        return code().all();
    }
}
