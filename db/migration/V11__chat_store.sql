-- Shared chat state (docs/agents.md, "Shared chat state"): named slots of JSON that the agent and the chat's clients
-- both read and write. One row per session and slot. `version` counts the slot's writes from 1; a conditional write
-- names the version it read, so neither side overwrites a change it has not seen (optimistic concurrency). The value
-- is kept as text, not jsonb, so it reads back exactly as written (jsonb reorders an object's keys).
create table chat_store (
    session_id  varchar(40)  not null references session(id) on delete cascade,
    slot        varchar(64)  not null,
    value       text         not null,                 -- a JSON object or array
    version     bigint       not null,
    updated_by  varchar(8)   not null,                 -- agent | client
    updated_at  timestamptz  not null default now(),
    primary key (session_id, slot)
);
