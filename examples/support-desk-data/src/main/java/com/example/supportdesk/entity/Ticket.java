package com.example.supportdesk.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A support ticket opened from a chat; the chat can withdraw it again. */
@Entity
@Table(schema = "support_desk", name = "tickets")
public class Ticket {

    public enum Status { OPEN, WITHDRAWN }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "chat_id", nullable = false)
    private String chatId;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(nullable = false)
    private String subject;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status = Status.OPEN;

    protected Ticket() {
    }

    public Ticket(String chatId, String customerId, String subject) {
        this.chatId = chatId;
        this.customerId = customerId;
        this.subject = subject;
    }

    /** The number customers and staff quote: {@code T-<id>}. */
    public String number() {
        return "T-" + id;
    }

    public String subject() {
        return subject;
    }

    public Status status() {
        return status;
    }

    public void withdraw() {
        status = Status.WITHDRAWN;
    }
}
