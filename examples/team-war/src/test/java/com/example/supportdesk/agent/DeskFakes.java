package com.example.supportdesk.agent;

import dev.parley.agent.Prompt;
import dev.parley.agent.PromptCatalog;
import dev.parley.agent.Prompts;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** In-memory stand-ins for the desk's tables, and a prompt catalog of the code-defined prompts. */
final class DeskFakes {

    private DeskFakes() {
    }

    /** The seeded orders of the desk's migration, with the refunds recorded since. */
    static final class Orders implements OrderBook {
        final Map<String, OrderSummary> orders = new LinkedHashMap<>();
        final List<RefundReceipt> refunds = new ArrayList<>();

        Orders() {
            orders.put("O-1001", new OrderSummary("O-1001", "cus-ann", "Trail running shoes", 12900, 0));
            orders.put("O-2001", new OrderSummary("O-2001", "cus-bob", "Two-person tent", 34900, 0));
        }

        @Override
        public Optional<OrderSummary> find(String orderId) {
            return Optional.ofNullable(orders.get(orderId));
        }

        @Override
        public RefundReceipt refund(String chatId, String orderId, long cents, String reason) {
            OrderSummary o = orders.get(orderId);
            orders.put(orderId, new OrderSummary(o.id(), o.customerId(), o.item(), o.totalCents(), o.refundedCents() + cents));
            RefundReceipt receipt = new RefundReceipt(refunds.size() + 1, orderId, cents, o.refundableCents() - cents);
            refunds.add(receipt);
            return receipt;
        }
    }

    static final class Tickets implements TicketDesk {
        final List<TicketView> tickets = new ArrayList<>();
        final List<String> ticketChats = new ArrayList<>();
        final Map<String, List<ThreadEntry>> threads = new LinkedHashMap<>();

        @Override
        public TicketView open(String chatId, String customerId, String subject) {
            TicketView t = new TicketView("T-" + (tickets.size() + 1), subject, "open");
            tickets.add(t);
            ticketChats.add(chatId);
            return t;
        }

        @Override
        public Optional<TicketView> withdrawLast(String chatId) {
            for (int i = tickets.size() - 1; i >= 0; i--) {
                TicketView t = tickets.get(i);
                if (ticketChats.get(i).equals(chatId) && t.status().equals("open")) {
                    TicketView withdrawn = new TicketView(t.number(), t.subject(), "withdrawn");
                    tickets.set(i, withdrawn);
                    return Optional.of(withdrawn);
                }
            }
            return Optional.empty();
        }

        @Override
        public List<ThreadEntry> thread(String chatId) {
            return List.copyOf(threads.getOrDefault(chatId, List.of()));
        }

        @Override
        public void record(String chatId, List<ThreadEntry> entries) {
            List<ThreadEntry> thread = threads.computeIfAbsent(chatId, c -> new ArrayList<>());
            for (ThreadEntry e : entries) {
                int known = thread.stream().map(ThreadEntry::messageId).toList().indexOf(e.messageId());
                if (known < 0) {
                    thread.add(e);
                } else {
                    thread.set(known, e);
                }
            }
        }
    }

    /** What PromptCatalog answers in the server without console overrides: the prompts the code produces. */
    static PromptCatalog catalog(Prompt... produced) {
        Prompts code = Prompts.of(produced);
        return new PromptCatalog() {
            @Override
            public Prompt get(String name) {
                return code.get(name);
            }
        };
    }

    /** The texts of a model request's messages, one line each, as {@code role: text}. */
    static List<String> texts(ModelRequest request) {
        return request.messages().stream().map(m -> switch (m) {
            case ModelMessage.System s -> "system: " + s.text();
            case ModelMessage.User u -> "user: " + text(u.content());
            case ModelMessage.Assistant a -> "assistant: " + text(a.content());
            case ModelMessage.ToolResults r -> "tool: " + r.results().stream()
                    .map(x -> x.toolName() + " " + x.output()).collect(Collectors.joining(", "));
        }).toList();
    }

    private static String text(List<Content> content) {
        return content.stream().map(c -> c instanceof Content.Text t ? t.text() : "").collect(Collectors.joining());
    }
}
