-- What a turn's telemetry knows that its .out records do not: the W3C trace and span id of its turn span, and each
-- model call's provider, model, tokens, duration and retries. Written once per turn, in the transaction of its
-- turn-complete (keyed by that record's seq), and read by the console's turn view. A turn's row is deleted by the
-- turn-complete that trims .out past it, so a session keeps the rows of the turns .out still holds.

create table turn_trace (
    session_id         varchar(40)  not null references session(id) on delete cascade,
    turn_complete_seq  bigint       not null,                  -- the turn's turn-complete on .out
    trace_id           char(32),                               -- null while telemetry is off
    span_id            char(16),
    model_calls        jsonb        not null default '[]',     -- ModelCall JSON objects, in the order they ended
    primary key (session_id, turn_complete_seq)
);
