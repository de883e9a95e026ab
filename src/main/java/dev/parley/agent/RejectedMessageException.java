package dev.parley.agent;

/**
 * Thrown by a {@link Hook#VALIDATE_MESSAGES} hook (or {@link Agent#run}) to refuse what the user sent: the turn ends
 * with an {@code error} chunk carrying this message as it is, the model is not called, and the chat answers the next
 * message. Write the message for the user. Any other exception fails the turn with a generic text and an error id,
 * because its message may hold details the user must not see.
 */
public class RejectedMessageException extends RuntimeException {

    public RejectedMessageException(String messageForTheUser) {
        super(messageForTheUser);
    }
}
