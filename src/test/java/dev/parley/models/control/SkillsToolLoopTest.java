package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Skill;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.StreamResult;
import dev.parley.agent.Tool;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ToolSpec;
import dev.parley.skills.control.SkillPolicy;
import dev.parley.skills.control.SkillTools;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.parley.models.control.ScriptedModel.text;
import static dev.parley.models.control.ScriptedModel.toolCall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Skills in the tool loop: what the model is told, and what its skill tool calls give back. */
class SkillsToolLoopTest {

    private static final List<UIMessage> ASK = List.of(UIMessage.user("u1", "Write the Q3 report"));

    @TempDir
    Path root;
    private Skill reports;

    @BeforeEach
    void skill() throws IOException {
        Path folder = Files.createDirectories(root.resolve("reports"));
        Files.writeString(folder.resolve("SKILL.md"), """
                ---
                name: reports
                description: Writes quarterly reports in the house style
                ---
                Start with the numbers. See style.md.
                """);
        Files.writeString(folder.resolve("style.md"), "Short sentences.");
        Files.writeString(root.resolve("secret.txt"), "outside");
        Files.writeString(folder.resolve("wait"), "#!/bin/sh\necho started\nsleep 60\n");
        Files.setPosixFilePermissions(folder.resolve("wait"), PosixFilePermissions.fromString("rwx------"));
        reports = Skill.directory(folder);
    }

    private static List<Content.ToolResult> resultsSeen(ScriptedModel model) {
        List<Content.ToolResult> results = new ArrayList<>();
        model.requests.getLast().messages().forEach(m -> {
            if (m instanceof ModelMessage.ToolResults r) {
                results.addAll(r.results());
            }
        });
        return results;
    }

    @Test
    void theSummaryIsInTheSystemPromptAndLoadSkillReturnsTheInstructions() {
        ScriptedModel model = new ScriptedModel(toolCall("c1", "loadSkill", "{\"name\":\"reports\"}"),
                text("Numbers first.", 1, 1));
        ChunkSequence chunks = new ChunkSequence();
        StreamResult result = model.streamText(StreamRequest.builder().system("Be brief.").skills(reports)
                .messages(ASK).messageId("m1").build(), chunks);
        chunks.assertValid();
        String system = model.requests.getFirst().system();
        assertTrue(system.startsWith("Be brief.\n\n## Skills"), system);
        assertTrue(system.contains("- reports: Writes quarterly reports in the house style"), system);
        assertFalse(system.contains("Start with the numbers"), "the instructions wait for loadSkill: " + system);
        assertEquals(List.of("loadSkill", "readFile"),
                model.requests.getFirst().tools().stream().map(ToolSpec::name).toList(), "no command tool by default");
        UIMessageChunk.ToolOutputAvailable output = chunks.all(UIMessageChunk.ToolOutputAvailable.class).getFirst();
        assertEquals("\"Start with the numbers. See style.md.\"", output.output().toString());
        assertFalse(resultsSeen(model).getFirst().error());
        assertEquals("Numbers first.", result.message().text());
    }

    @Test
    void readFileReadsInsideTheSkillAndRefusalsReachTheModelAsToolErrors() {
        ScriptedModel model = new ScriptedModel(
                toolCall("c1", "readFile", "{\"skill\":\"reports\",\"path\":\"style.md\"}"),
                toolCall("c2", "readFile", "{\"skill\":\"reports\",\"path\":\"../secret.txt\"}"),
                text("Done.", 1, 1));
        ChunkSequence chunks = new ChunkSequence();
        model.streamText(StreamRequest.builder().skills(reports).messages(ASK).messageId("m1").build(), chunks);
        chunks.assertValid();
        JsonObject file = chunks.all(UIMessageChunk.ToolOutputAvailable.class).getFirst().output().asJsonObject();
        assertEquals("Short sentences.", file.getString("content"));
        UIMessageChunk.ToolOutputError refused = chunks.all(UIMessageChunk.ToolOutputError.class).getFirst();
        assertEquals("c2", refused.toolCallId());
        assertTrue(refused.errorText().contains("refused: ../secret.txt contains '..'"), refused.errorText());
        assertTrue(resultsSeen(model).getLast().error(), "the model reads the refusal");
        assertFalse(chunks.chunks.toString().contains("outside"), "nothing of the outside file leaks");
    }

    @Test
    void stoppingTheTurnKillsARunningCommand() throws Exception {
        SkillTools skills = new SkillTools(List.of(reports), s -> SkillPolicy.configured("it", s,
                k -> Optional.ofNullable(Map.of("parley.agents.it.skills.reports.commands", "wait").get(k))));
        ScriptedModel model = new ScriptedModel(
                toolCall("c1", "runCommand", "{\"skill\":\"reports\",\"command\":\"wait\",\"args\":[]}"),
                text("never", 1, 1));
        AbortSignal stop = new AbortSignal();
        ChunkSequence chunks = new ChunkSequence();
        CompletableFuture<StreamResult> turn = CompletableFuture.supplyAsync(() -> model.streamText(
                StreamRequest.builder().system(skills.system(null)).tools(skills.tools().toArray(Tool[]::new))
                        .messages(ASK).messageId("m1").abortOn(stop).build(), chunks));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ProcessHandle.current().descendants().noneMatch(p -> p.info().commandLine().orElse("").contains("reports/wait"))) {
            assertTrue(System.nanoTime() < deadline, "the command started");
            Thread.sleep(20);
        }
        stop.abort("stop");
        turn.get(20, TimeUnit.SECONDS);
        assertTrue(ProcessHandle.current().descendants().noneMatch(p -> p.info().commandLine().orElse("").contains("reports/wait")),
                "the process was killed");
        assertEquals(1, model.requests.size(), "the model is not called again after the stop");
        assertTrue(chunks.all(UIMessageChunk.ToolOutputError.class).getFirst().errorText().contains("stopped with the turn"));
    }
}
