-- Parley schema, version 1: tenants and their keys, sessions and their runs, the durable channels.

create table environment (
    id          varchar(40)  primary key,          -- env_…, the `sub` of session tokens
    slug        varchar(64)  not null unique,
    name        varchar(200) not null,
    created_at  timestamptz  not null default now()
);

-- Secret keys are shown once. The hash finds a key from a bearer credential; the sealed copy (AES-GCM under the
-- server's key-encryption key) lets Parley verify HS256 tokens that customers sign locally with the same key.
create table api_key (
    id              varchar(40)  primary key,
    environment_id  varchar(40)  not null references environment(id),
    key_hash        char(64)     not null unique,
    key_hint        varchar(24)  not null,
    sealed_secret   text         not null,
    created_at      timestamptz  not null default now(),
    revoked_at      timestamptz
);
create index api_key_environment on api_key(environment_id);

create table session (
    id                   varchar(40)   primary key,
    friendly_id          varchar(64)   not null unique,           -- session_…
    environment_id       varchar(40)   not null references environment(id),
    external_id          varchar(256),
    type                 varchar(64)   not null,
    task_identifier      varchar(128)  not null,
    trigger_config       text          not null,                  -- JSON object
    metadata             text,                                    -- JSON object or null
    current_run_id       varchar(40),
    current_run_version  integer       not null default 0,        -- optimistic claim counter, +1 per pointer swap
    closed_at            timestamptz,
    closed_reason        varchar(256),
    expires_at           timestamptz,
    created_at           timestamptz   not null,
    updated_at           timestamptz   not null
);
create unique index session_environment_external on session(environment_id, external_id) where external_id is not null;
create index session_environment_created on session(environment_id, created_at desc, id desc);

create table session_tag (
    session_id  varchar(40)  not null references session(id) on delete cascade,
    position    integer      not null,
    tag         varchar(128) not null,
    primary key (session_id, position)
);
create index session_tag_tag on session_tag(tag, session_id);

-- One row per run: the audit trail (reason, previous run) and the run's own state.
create table session_run (
    id               varchar(40)  primary key,
    friendly_id      varchar(64)  not null unique,                -- run_…
    session_id       varchar(40)  not null references session(id),
    reason           varchar(16)  not null,                       -- initial | continuation | upgrade | manual | recovery
    status           varchar(16)  not null,                       -- PENDING … COMPLETED | FAILED | CANCELED | CRASHED | TIMED_OUT
    continuation     boolean      not null default false,
    previous_run_id  varchar(40),
    payload          text         not null,                       -- the run payload (spec §9.4), JSON
    triggered_at     timestamptz  not null,
    started_at       timestamptz,
    ended_at         timestamptz
);
create index session_run_session on session_run(session_id, triggered_at);
create index session_run_pending on session_run(status, triggered_at) where status = 'PENDING';

-- The per-session, per-channel sequence counter. Appenders lock this row, so seqs are gap-free and
-- transactions commit in seq order: a reader that sees seq N has already been able to see every seq below N.
create table stream_head (
    session_id  varchar(40)  not null references session(id) on delete cascade,
    io          varchar(3)   not null check (io in ('in', 'out')),
    next_seq    bigint       not null default 0,
    primary key (session_id, io)
);

create table stream_record (
    session_id  varchar(40)  not null,
    io          varchar(3)   not null,
    seq         bigint       not null,
    ts          bigint       not null,                            -- epoch ms, the record's wire timestamp
    headers     text,                                             -- JSON array of [name, value] pairs, or null
    body        text,                                             -- the record body as sent on the wire
    primary key (session_id, io, seq)
);

-- X-Part-Id idempotency claims, kept for five minutes.
create table append_claim (
    session_id  varchar(40)   not null,
    io          varchar(3)    not null,
    part_id     varchar(256)  not null,
    claimed_at  timestamptz   not null default now(),
    primary key (session_id, io, part_id)
);
create index append_claim_age on append_claim(claimed_at);

-- Trim requests: the command record is written at once; rows below target_seq are deleted no sooner than 60 s later.
create table stream_trim (
    session_id    varchar(40)  not null,
    io            varchar(3)   not null,
    target_seq    bigint       not null,
    requested_at  timestamptz  not null default now(),
    primary key (session_id, io, target_seq)
);
