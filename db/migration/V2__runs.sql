-- The run engine's state on the run row (ARCHITECTURE §4) and the per-session conversation snapshot (D11).

alter table session_run
    add column lease_owner        varchar(64),                  -- the node executing the run (BOOTING, STREAMING, WAITING)
    add column lease_until        timestamptz,                  -- renewed while executing; the reaper recovers expired leases
    add column in_cursor          bigint       not null default -1,  -- highest .in seq consumed, committed with its turn-complete
    add column turn_complete_seq  bigint,                       -- the newest turn-complete on .out: the next trim target
    add column turns              integer      not null default 0,
    add column state              text,                         -- the agent's run-local state (JSON), kept across suspension
    add column suspend_deadline   timestamptz,                  -- a SUSPENDED run ends if nothing arrives before this
    add column end_reason         varchar(64),
    add column updated_at         timestamptz  not null default now();

create index session_run_leases on session_run(lease_until) where status in ('BOOTING', 'STREAMING', 'WAITING');
create index session_run_suspended on session_run(suspend_deadline) where status = 'SUSPENDED';

create table chat_snapshot (
    session_id    varchar(40)  primary key references session(id) on delete cascade,
    messages      text         not null,                        -- UIMessage[] as JSON
    last_out_seq  bigint,                                       -- the turn-complete this snapshot follows
    last_in_seq   bigint,                                       -- the .in cursor at that turn-complete
    saved_at      timestamptz  not null
);
