package com.example.supportdesk.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One message of a chat's support thread: what the customer wrote and what the desk answered, as text. The thread
 * is the desk's record of the conversation; the agent reads its history from here (hydrateMessages).
 */
@Entity
@Table(schema = "support_desk", name = "thread_messages")
public class ThreadMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "chat_id", nullable = false)
    private String chatId;

    @Column(name = "message_id", nullable = false)
    private String messageId;

    @Column(nullable = false)
    private String role;

    @Column(nullable = false)
    private String text;

    protected ThreadMessage() {
    }

    public ThreadMessage(String chatId, String messageId, String role, String text) {
        this.chatId = chatId;
        this.messageId = messageId;
        this.role = role;
        this.text = text;
    }

    public String messageId() {
        return messageId;
    }

    public String role() {
        return role;
    }

    public String text() {
        return text;
    }

    /** An answer that grew (a tool's approval continued it) is stored again with its whole text. */
    public void text(String newText) {
        this.text = newText;
    }
}
