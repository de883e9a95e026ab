package com.example.supportdesk.agent;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.Optional;

/** The shop's orders and the refunds given on them (PostgreSQL in the application, a fake in offline tests). */
public interface OrderBook {

    Optional<OrderSummary> find(String orderId);

    /**
     * Records a refund of {@code cents} on an order; refuses (IllegalArgumentException) an unknown order or more than
     * is left to refund.
     */
    RefundReceipt refund(String chatId, String orderId, long cents, String reason);

    record OrderSummary(String id, String customerId, String item, long totalCents, long refundedCents) {

        public long refundableCents() {
            return totalCents - refundedCents;
        }

        JsonObject toJson() {
            return Json.createObjectBuilder().add("orderId", id).add("item", item).add("totalCents", totalCents)
                    .add("refundedCents", refundedCents).add("refundableCents", refundableCents()).build();
        }
    }

    record RefundReceipt(long refundId, String orderId, long cents, long refundableCents) {

        JsonObject toJson() {
            return Json.createObjectBuilder().add("refundId", refundId).add("orderId", orderId).add("cents", cents)
                    .add("refundableCents", refundableCents).build();
        }
    }
}
