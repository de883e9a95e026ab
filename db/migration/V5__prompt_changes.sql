-- Console overrides of code-defined prompts. Append-only: every override and every revert is one row, so the table
-- is the audit trail (who, when, old -> new). The newest row for a (name, version) is in force; a row whose
-- new_template and new_model are both null means "the code-defined text and model".

create table prompt_change (
    id            bigserial     primary key,
    name          varchar(200)  not null,
    version       integer       not null,
    action        varchar(16)   not null,                      -- override | revert
    old_template  text,                                        -- null: the code-defined text was in force
    old_model     varchar(100),
    new_template  text,                                        -- null: the code-defined text
    new_model     varchar(100),
    reverted_to   bigint        references prompt_change(id),  -- a revert to an earlier override; null for code
    actor         varchar(256)  not null,
    changed_at    timestamptz   not null default now()
);
create index prompt_change_current on prompt_change(name, version, id desc);
