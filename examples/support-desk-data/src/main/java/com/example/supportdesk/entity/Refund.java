package com.example.supportdesk.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Money given back on an order, once a user approved it in a chat. */
@Entity
@Table(schema = "support_desk", name = "refunds")
public class Refund {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "order_id", nullable = false)
    private String orderId;

    @Column(name = "chat_id", nullable = false)
    private String chatId;

    @Column(nullable = false)
    private long cents;

    private String reason;

    protected Refund() {
    }

    public Refund(String orderId, String chatId, long cents, String reason) {
        this.orderId = orderId;
        this.chatId = chatId;
        this.cents = cents;
        this.reason = reason;
    }

    public Long id() {
        return id;
    }

    public String orderId() {
        return orderId;
    }

    public long cents() {
        return cents;
    }
}
