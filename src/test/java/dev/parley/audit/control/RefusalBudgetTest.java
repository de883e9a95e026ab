package dev.parley.audit.control;

import dev.parley.audit.entity.AuditAction;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RefusalBudgetTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final RefusalBudget budget = new RefusalBudget(now::get);

    @Test
    void aFloodOfRefusalsIsRecordedUpToTheBudgetThenOnlyCounted() {
        for (int i = 0; i < RefusalBudget.PER_MINUTE; i++) {
            assertEquals(0, budget.take(AuditAction.SIGN_IN), "refusal " + i + " is within the budget");
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(-1, budget.take(AuditAction.SIGN_IN), "over the budget nothing is recorded");
        }
        now.addAndGet(60_000_000_000L / RefusalBudget.PER_MINUTE);
        assertEquals(1000, budget.take(AuditAction.SIGN_IN), "the next one recorded says how many were left out");
        assertEquals(-1, budget.take(AuditAction.SIGN_IN));
        now.addAndGet(60_000_000_000L / RefusalBudget.PER_MINUTE);
        assertEquals(1, budget.take(AuditAction.SIGN_IN), "the count starts again after it was reported");
    }

    @Test
    void oneActionsFloodLeavesTheOthersBudgetsAlone() {
        for (int i = 0; i < RefusalBudget.PER_MINUTE * 3; i++) {
            budget.take(AuditAction.SIGN_IN);
        }
        assertEquals(0, budget.take(AuditAction.KEY_REVOKE));
    }
}
