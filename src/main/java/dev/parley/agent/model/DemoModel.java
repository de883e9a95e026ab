package dev.parley.agent.model;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.message.FinishReason;
import dev.parley.models.control.OpenAiRequests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in model: deterministic, no network, the default so a fresh install chats out of the box. By default
 * it answers with the user's last message quoted verbatim, streamed word by word {@code wordDelay} apart
 * (zero: no pause). A user message {@code /tool <name> <json>} makes it call that tool (when offered) and then
 * report the result, so tools, approvals and client-side tools can be tried without a provider. Asked to continue an
 * unfinished answer (the last message is the assistant's), it streams the rest of that answer. A {@link Script}
 * replaces all of that, e.g. for tests.
 */
public final class DemoModel implements LanguageModel {

    /** The events of one model call, given the request. */
    @FunctionalInterface
    public interface Script {
        List<ModelEvent> respond(ModelRequest request);
    }

    private static final Pattern WORDS = Pattern.compile("\\s*\\S+\\s*|\\s+");
    private static final Pattern TOOL_COMMAND = Pattern.compile("^/tool\\s+(\\S+)\\s*(.*)$", Pattern.DOTALL);

    private final String name;
    private final Duration wordDelay;
    private final Script script;

    public DemoModel(String name, Duration wordDelay) {
        this(name, wordDelay, DemoModel::echo);
    }

    private DemoModel(String name, Duration wordDelay, Script script) {
        this.name = Objects.requireNonNull(name, "name");
        this.wordDelay = wordDelay == null ? Duration.ZERO : wordDelay;
        this.script = Objects.requireNonNull(script, "script");
    }

    public static DemoModel scripted(String name, Script script) {
        return new DemoModel(name, Duration.ZERO, script);
    }

    public DemoModel withWordDelay(Duration delay) {
        return new DemoModel(name, delay, script);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void stream(ModelRequest request, AbortSignal abort, Consumer<ModelEvent> events) {
        boolean first = true;
        for (ModelEvent e : script.respond(request)) {
            boolean paced = e instanceof ModelEvent.TextDelta || e instanceof ModelEvent.ReasoningDelta;
            if ((paced && !first && abort.await(wordDelay)) || abort.aborted()) {
                return;
            }
            first = false;
            events.accept(e);
        }
    }

    /** The default script. */
    static List<ModelEvent> echo(ModelRequest request) {
        List<ModelMessage> messages = request.messages();
        ModelMessage last = messages.isEmpty() ? null : messages.getLast();
        if (last instanceof ModelMessage.Assistant unfinished && messages.size() > 1
                && messages.get(messages.size() - 2) instanceof ModelMessage.User u) {
            // the answer was cut off (a recovery after a crash): the echo goes on where it stopped
            String full = answer(text(u.content()));
            String written = text(unfinished.content());
            return reply(request, full.startsWith(written) ? full.substring(written.length()) : "");
        }
        if (last instanceof ModelMessage.ToolResults results) {
            StringBuilder sb = new StringBuilder();
            for (Content.ToolResult r : results.results()) {
                sb.append(sb.isEmpty() ? "" : " ").append("The tool ").append(r.toolName())
                        .append(r.error() ? " failed: " : " returned: ").append(OpenAiRequests.text(r.output()));
            }
            return reply(request, sb.toString());
        }
        String said = last instanceof ModelMessage.User u ? text(u.content()) : "";
        Matcher tool = TOOL_COMMAND.matcher(said.strip());
        if (tool.matches() && request.tools().stream().anyMatch(t -> t.name().equals(tool.group(1)))) {
            return toolCall(request, tool.group(1), tool.group(2).isBlank() ? "{}" : tool.group(2).strip());
        }
        return reply(request, answer(said));
    }

    private static String answer(String said) {
        return said.isEmpty() ? "Hello from Parley's demo model." : "You said: " + said;
    }

    private static List<ModelEvent> reply(ModelRequest request, String text) {
        List<ModelEvent> events = new ArrayList<>();
        Matcher m = WORDS.matcher(text);
        while (m.find()) {
            events.add(new ModelEvent.TextDelta(m.group()));
        }
        events.add(new ModelEvent.Finish(FinishReason.STOP, Usage.of(inputTokens(request), events.size())));
        return events;
    }

    private static List<ModelEvent> toolCall(ModelRequest request, String tool, String arguments) {
        long earlierCalls = request.messages().stream().filter(m -> m instanceof ModelMessage.ToolResults).count();
        String id = "demo_call_" + (earlierCalls + 1);
        int half = arguments.length() / 2;
        return List.of(new ModelEvent.ToolCallStart(id, tool),
                new ModelEvent.ToolCallDelta(id, arguments.substring(0, half)),
                new ModelEvent.ToolCallDelta(id, arguments.substring(half)),
                new ModelEvent.ToolCallEnd(id),
                new ModelEvent.Finish(FinishReason.TOOL_CALLS, Usage.of(inputTokens(request), 1)));
    }

    private static String text(List<Content> content) {
        StringBuilder sb = new StringBuilder();
        content.forEach(c -> sb.append(c instanceof Content.Text t ? t.text() : ""));
        return sb.toString();
    }

    /** About four characters per token, counted over everything the model was sent. */
    private static long inputTokens(ModelRequest request) {
        long chars = request.system() == null ? 0 : request.system().length();
        for (ModelMessage m : request.messages()) {
            chars += switch (m) {
                case ModelMessage.System s -> s.text().length();
                case ModelMessage.User u -> text(u.content()).length();
                case ModelMessage.Assistant a -> text(a.content()).length();
                case ModelMessage.ToolResults r -> r.results().stream()
                        .mapToInt(x -> OpenAiRequests.text(x.output()).length()).sum();
            };
        }
        return (chars + 3) / 4;
    }
}
