package com.example.supportdesk.store;

import com.example.supportdesk.agent.TicketDesk;
import com.example.supportdesk.entity.ThreadMessage;
import com.example.supportdesk.entity.Ticket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Tickets and support threads in the desk's tables. */
@ApplicationScoped
@Transactional
public class JpaTicketDesk implements TicketDesk {

    @PersistenceContext(unitName = "support-desk")
    EntityManager em;

    @Override
    public TicketView open(String chatId, String customerId, String subject) {
        Ticket ticket = new Ticket(chatId, customerId, subject);
        em.persist(ticket);
        em.flush();
        return view(ticket);
    }

    @Override
    public Optional<TicketView> withdrawLast(String chatId) {
        return em.createQuery("select t from Ticket t where t.chatId = :chat and t.status = :open order by t.id desc",
                        Ticket.class)
                .setParameter("chat", chatId).setParameter("open", Ticket.Status.OPEN).setMaxResults(1)
                .getResultStream().findFirst().map(t -> {
                    t.withdraw();
                    return view(t);
                });
    }

    @Override
    public List<ThreadEntry> thread(String chatId) {
        return messages(chatId).stream().map(m -> new ThreadEntry(m.messageId(), m.role(), m.text())).toList();
    }

    @Override
    public void record(String chatId, List<ThreadEntry> entries) {
        Map<String, ThreadMessage> stored = messages(chatId).stream()
                .collect(Collectors.toMap(ThreadMessage::messageId, Function.identity()));
        for (ThreadEntry e : entries) {
            ThreadMessage known = stored.get(e.messageId());
            if (known == null) {
                em.persist(new ThreadMessage(chatId, e.messageId(), e.role(), e.text()));
            } else if (!known.text().equals(e.text())) {
                known.text(e.text());
            }
        }
    }

    private List<ThreadMessage> messages(String chatId) {
        return em.createQuery("select m from ThreadMessage m where m.chatId = :chat order by m.id", ThreadMessage.class)
                .setParameter("chat", chatId).getResultList();
    }

    private static TicketView view(Ticket t) {
        return new TicketView(t.number(), t.subject(), t.status().name().toLowerCase(Locale.ROOT));
    }
}
