package com.example.supportdesk.agent;

import dev.parley.agent.message.Role;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * The desk's tickets and each chat's support thread (PostgreSQL in the application, a fake in offline tests). The
 * thread is the desk's record of the conversation, as text; the support agent reads its history from it.
 */
public interface TicketDesk {

    TicketView open(String chatId, String customerId, String subject);

    /** Withdraws the chat's newest open ticket; empty if it has none. */
    Optional<TicketView> withdrawLast(String chatId);

    /** The chat's thread, oldest first. */
    List<ThreadEntry> thread(String chatId);

    /** Adds the entries the thread does not hold yet and updates the text of those it does (by message id). */
    void record(String chatId, List<ThreadEntry> entries);

    record TicketView(String number, String subject, String status) {

        JsonObject toJson() {
            return Json.createObjectBuilder().add("number", number).add("subject", subject).add("status", status).build();
        }
    }

    /** One message of a thread: {@code role} is {@code user} or {@code assistant}. */
    record ThreadEntry(String messageId, String role, String text) {

        static ThreadEntry of(UIMessage message) {
            return new ThreadEntry(message.id(), message.role().wire(), message.text());
        }

        UIMessage toMessage() {
            return new UIMessage(messageId, Role.fromWire(role), List.of(new UIPart.Text(text)), null);
        }
    }
}
