-- The latest compaction of a session's history (docs/agents.md, "Compaction"): why it happened, the history's size in
-- messages and estimated tokens before and after, and the summary call's usage (also added to total_usage). Written
-- in the transaction of the turn-complete that stores the compacted history.
alter table session
    add column last_compaction jsonb;
