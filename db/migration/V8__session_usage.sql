-- Token usage of a session's turns (docs/agents.md, "Token usage"): the total across all its runs and the usage of its
-- latest turn, both as Usage JSON objects, written in the transaction of each turn's turn-complete.
alter table session
    add column total_usage     jsonb,
    add column last_turn_usage jsonb;
