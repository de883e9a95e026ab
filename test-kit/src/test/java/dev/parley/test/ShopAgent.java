package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.Models;
import dev.parley.agent.StoreSlot;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.Tool;
import dev.parley.agent.Turn;
import jakarta.inject.Inject;
import jakarta.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a shopping cart in the chat store: its tool adds to the cart the page shows, and the page's own choice of
 * tone (a slot the client patches) shapes the system prompt.
 */
@ChatAgent(id = "shop")
public class ShopAgent implements Agent {

    public record Cart(List<String> items) {
    }

    public record Prefs(String tone) {
    }

    public record Item(String item) {
    }

    @Inject
    Models models;

    @Override
    public void run(Turn turn) {
        StoreSlot<Cart> cart = turn.store().slot("cart", Cart.class);
        Tool add = Tool.of("addToCart", "Adds an item to the cart", Item.class, (item, context) -> {
            Cart now = cart.update(c -> new Cart(with(c == null ? List.of() : c.items(), item.item())));
            return Json.createObjectBuilder().add("items", now.items().size()).build();
        });
        String tone = turn.store().slot("prefs", Prefs.class).get().map(Prefs::tone).orElse("friendly");
        turn.stream(models.defaultModel(), StreamRequest.builder().system("You run a shop. Be " + tone + ".").tools(add));
    }

    private static List<String> with(List<String> items, String item) {
        List<String> l = new ArrayList<>(items);
        l.add(item);
        return l;
    }
}
