package dev.parley.mcp.boundary;

import dev.parley.auth.control.Callers;
import dev.parley.auth.entity.Caller;
import dev.parley.mcp.control.AgentTools;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.inject.Inject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

/**
 * The MCP server (streamable HTTP, {@code /mcp}): the official SDK's servlet transport, registered when the WAR
 * starts, behind {@link McpAuthentication}. The caller that filter resolved travels into every tool call through the
 * transport context, so each call is authorised on its own request's credential, never on the MCP session's first one.
 * Tools run on the request thread ({@code immediateExecution}): they start transactions and block on a turn.
 */
@WebListener
public class McpEndpoint implements ServletContextListener {

    static final String PATH = "/mcp";

    @Inject
    AgentTools tools;

    @Inject
    Callers callers;

    private HttpServletStreamableServerTransportProvider transport;
    private McpSyncServer server;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        var mapper = McpJsonDefaults.getMapper();
        transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(mapper)
                .mcpEndpoint(PATH)
                .keepAliveInterval(Duration.ofSeconds(15))
                .contextExtractor(request -> request.getAttribute(McpAuthentication.CALLER) instanceof Caller caller
                        ? McpTransportContext.create(Map.of(AgentTools.CALLER, caller)) : McpTransportContext.EMPTY)
                .build();
        server = McpServer.sync(transport)
                .serverInfo("parley", "1")
                .instructions("Chat with the agents deployed on this Parley server: list them, start a chat, send "
                        + "messages (each call waits for the agent's answer), read the history, close the chat.")
                .jsonMapper(mapper)
                .immediateExecution(true)
                .requestTimeout(Duration.ofSeconds(AgentTools.ANSWER_SECONDS + 30))
                .tools(tools.specifications(mapper))
                .build();
        var ctx = event.getServletContext();
        var servlet = ctx.addServlet("mcp", transport);
        servlet.addMapping(PATH);
        servlet.setAsyncSupported(true);
        var filter = ctx.addFilter("mcp-authentication", new McpAuthentication(callers));
        filter.addMappingForServletNames(EnumSet.of(DispatcherType.REQUEST), false, "mcp");
        filter.setAsyncSupported(true);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (server != null) {
            server.closeGracefully();
        }
    }
}
