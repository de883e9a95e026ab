package com.example.supportdesk.agent;

import com.example.supportdesk.agent.OrderBook.OrderSummary;
import com.example.supportdesk.agent.TicketDesk.ThreadEntry;
import com.example.supportdesk.agent.TicketDesk.TicketView;
import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.Models;
import dev.parley.agent.On;
import dev.parley.agent.Prompt;
import dev.parley.agent.PromptCatalog;
import dev.parley.agent.RejectedMessageException;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import dev.parley.agent.message.Role;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.Json;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The support desk's agent. It knows the customer from the typed client data, reads their orders, refunds one only
 * after the user approved it, opens tickets (announced to the page as a {@code data-ticket} part, withdrawn again by
 * the {@code undo} action), asks the browser for the customer's time zone, and hands billing questions to the
 * {@code billing} agent. Its history is the desk's support thread (hydrateMessages), not Parley's snapshot.
 */
@ChatAgent(id = SupportAgent.ID, prompts = SupportAgent.SYSTEM, clientData = CustomerContext.class,
        actions = SupportAgent.Undo.class)
public class SupportAgent implements Agent {

    static final String ID = "support";
    static final String SYSTEM = "support-system";
    static final String SHOP = "Trailhead Outfitters";

    @Produces
    static final Prompt SYSTEM_PROMPT = new Prompt(SYSTEM, 1, """
            You are the support desk of {{shop}}, talking to customer {{customer}} ({{plan}} plan). Look an order up \
            before you talk about it. Refund only this customer's orders, never more than is left to refund. Billing \
            questions (invoices, charges, plans) go to the billing specialist. Ask for the customer's time zone before \
            you promise a call back. Open a ticket for whatever you cannot settle in the chat.""");

    public record OrderRef(String orderId) {
    }

    public record RefundRequest(String orderId, long cents, String reason) {
    }

    public record TicketRequest(String subject) {
    }

    /**
     * The page's undo button: {@code {"type":"undo"}} withdraws the chat's newest open ticket. Another type is
     * answered by the hook, not by a Bean Validation constraint: Parley reports a constraint violation of an action
     * to the client only as a generic error with an id, and the user should read what went wrong.
     */
    public record Undo(String type) {
    }

    private final Tool customerTimezone = Tool.clientSide("customerTimezone",
            "Asks the customer's browser for its time zone (an IANA name such as Europe/Oslo)",
            Json.createObjectBuilder().add("type", "object").add("properties", Json.createObjectBuilder()).build());

    @Inject
    Models models;

    @Inject
    PromptCatalog prompts;

    @Inject
    OrderBook orders;

    @Inject
    TicketDesk tickets;

    @Override
    public void run(Turn turn) {
        CustomerContext customer = customer(turn);
        Prompt system = prompts.get(SYSTEM);
        turn.stream(models.defaultModel(), StreamRequest.builder()
                .system(system.render(Map.of("shop", SHOP, "customer", customer.customerId(),
                        "plan", customer.planOrDefault())))
                .tools(lookupOrder(customer), refund(customer, turn.chatId()), openTicket(customer, turn.chatId()),
                        customerTimezone,
                        turn.agentTool("askBilling", "Asks the billing specialist about charges, invoices and plans",
                                BillingAgent.ID))
                .maxSteps(8));
    }

    /**
     * The typed client data: every tool acts for this customer. Parley refuses a message without client data
     * before the turn starts (the agent declares its type); one that names no customer is refused here.
     */
    private static CustomerContext customer(Turn turn) {
        CustomerContext customer = turn.clientData(CustomerContext.class);
        if (customer.customerId() == null || customer.customerId().isBlank()) {
            throw new RejectedMessageException("The support desk needs to know who you are: send your customerId "
                    + "with the message (client data {\"customerId\": \"…\", \"plan\": \"…\"}).");
        }
        return customer;
    }

    private Tool lookupOrder(CustomerContext customer) {
        return Tool.of("lookupOrder", "An order of this customer: item, amount paid, amount refunded", OrderRef.class,
                (ref, ctx) -> ownOrder(customer, ref.orderId()).toJson());
    }

    private Tool refund(CustomerContext customer, String chatId) {
        return Tool.of("refund", "Refunds part or all of an order of this customer (the customer approves it first)",
                RefundRequest.class, (r, ctx) -> {
                    OrderSummary order = ownOrder(customer, r.orderId());
                    if (r.cents() <= 0 || r.cents() > order.refundableCents()) {
                        throw new IllegalArgumentException("A refund on " + order.id() + " must be between 1 and "
                                + order.refundableCents() + " cents, not " + r.cents());
                    }
                    return orders.refund(chatId, order.id(), r.cents(), r.reason()).toJson();
                }).needsApproval();
    }

    private Tool openTicket(CustomerContext customer, String chatId) {
        return Tool.of("openTicket", "Opens a support ticket for what cannot be settled in the chat", TicketRequest.class,
                (request, ctx) -> {
                    if (request.subject() == null || request.subject().isBlank()) {
                        throw new IllegalArgumentException("A ticket needs a subject");
                    }
                    TicketView ticket = tickets.open(chatId, customer.customerId(), request.subject());
                    ctx.write("ticket", ticket.number(), ticket.toJson());
                    return ticket.toJson();
                });
    }

    /** The order, if it is this customer's; another customer's order is as unknown as a missing one. */
    private OrderSummary ownOrder(CustomerContext customer, String orderId) {
        return orders.find(orderId).filter(o -> o.customerId().equals(customer.customerId()))
                .orElseThrow(() -> new IllegalArgumentException("Customer " + customer.customerId()
                        + " has no order " + orderId));
    }

    /**
     * The thread decides which messages the model sees and in what order; a message this run still holds in full
     * (with its tool calls, e.g. one waiting for approval) keeps that form, the rest is the thread's text.
     */
    @On(Hook.HYDRATE_MESSAGES)
    void hydrate(Lifecycle.HydrateMessages event) {
        Map<String, UIMessage> live = event.current().stream()
                .collect(Collectors.toMap(UIMessage::id, Function.identity(), (a, b) -> b));
        event.use().accept(tickets.thread(event.chatId()).stream()
                .map(entry -> live.getOrDefault(entry.messageId(), entry.toMessage())).toList());
    }

    /** Every completed turn adds the user's message and the answer to the thread. */
    @On(Hook.TURN_COMPLETE)
    void keepThread(Lifecycle.TurnComplete event) {
        tickets.record(event.chatId(), event.messages().stream()
                .filter(m -> m.role() != Role.SYSTEM && !m.text().isEmpty())
                .map(ThreadEntry::of).toList());
    }

    @On(Hook.ACTION)
    void undo(Lifecycle.Action event) {
        Undo undo = event.action(Undo.class);
        if (!"undo".equals(undo.type())) {
            try (Turn.TextWriter text = event.turn().text()) {
                text.append("Unknown action " + undo.type() + ": the support desk knows {\"type\":\"undo\"}.");
            }
            return;
        }
        Optional<TicketView> withdrawn = tickets.withdrawLast(event.chatId());
        withdrawn.ifPresent(t -> event.turn().write(new UIMessageChunk.Data("ticket", t.number(), t.toJson(), false)));
        try (Turn.TextWriter text = event.turn().text()) {
            text.append(withdrawn.map(t -> "Ticket " + t.number() + " is withdrawn.")
                    .orElse("There is no open ticket to withdraw."));
        }
    }
}
