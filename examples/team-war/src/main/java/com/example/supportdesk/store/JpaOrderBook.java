package com.example.supportdesk.store;

import com.example.supportdesk.agent.OrderBook;
import com.example.supportdesk.entity.Order;
import com.example.supportdesk.entity.Refund;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.Optional;

/** The order book in the desk's tables. A refund locks its order, so two refunds never both spend the same cents. */
@ApplicationScoped
@Transactional
public class JpaOrderBook implements OrderBook {

    @PersistenceContext(unitName = "support-desk")
    EntityManager em;

    @Override
    public Optional<OrderSummary> find(String orderId) {
        return Optional.ofNullable(orderId == null ? null : em.find(Order.class, orderId)).map(this::summary);
    }

    @Override
    public RefundReceipt refund(String chatId, String orderId, long cents, String reason) {
        Order order = em.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order == null) {
            throw new IllegalArgumentException("There is no order " + orderId);
        }
        long left = order.totalCents() - refunded(orderId);
        if (cents <= 0 || cents > left) {
            throw new IllegalArgumentException("A refund on " + orderId + " must be between 1 and " + left
                    + " cents, not " + cents);
        }
        Refund refund = new Refund(orderId, chatId, cents, reason);
        em.persist(refund);
        em.flush();
        return new RefundReceipt(refund.id(), orderId, cents, left - cents);
    }

    private OrderSummary summary(Order o) {
        return new OrderSummary(o.id(), o.customerId(), o.item(), o.totalCents(), refunded(o.id()));
    }

    private long refunded(String orderId) {
        // SUM of a long is a Long by the spec; EclipseLink on PostgreSQL answers a BigDecimal (numeric), so read a Number
        Number sum = (Number) em.createQuery("select sum(r.cents) from Refund r where r.orderId = :order")
                .setParameter("order", orderId).getSingleResult();
        return sum == null ? 0 : sum.longValue();
    }
}
