package com.example.supportdesk.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A customer's order, as the shop recorded it. {@code Order} is a JPQL keyword, hence the entity name. */
@Entity(name = "DeskOrder")
@Table(schema = "support_desk", name = "orders")
public class Order {

    @Id
    private String id;

    @Column(name = "customer_id", nullable = false)
    private String customerId;

    @Column(nullable = false)
    private String item;

    @Column(name = "total_cents", nullable = false)
    private long totalCents;

    protected Order() {
    }

    public String id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public String item() {
        return item;
    }

    public long totalCents() {
        return totalCents;
    }
}
