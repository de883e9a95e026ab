-- The support desk's tables, in a schema of their own next to Parley's (public). Applied by DeskMigrations.
create table orders (
    id          varchar(32)  primary key,
    customer_id varchar(64)  not null,
    item        varchar(200) not null,
    total_cents bigint       not null check (total_cents >= 0),
    created_at  timestamptz  not null default now()
);

create table refunds (
    id         bigserial    primary key,
    order_id   varchar(32)  not null references orders (id),
    chat_id    varchar(255) not null,
    cents      bigint       not null check (cents > 0),
    reason     varchar(500),
    created_at timestamptz  not null default now()
);
create index refunds_order on refunds (order_id);

create table tickets (
    id          bigserial    primary key,
    chat_id     varchar(255) not null,
    customer_id varchar(64)  not null,
    subject     varchar(500) not null,
    status      varchar(16)  not null default 'OPEN' check (status in ('OPEN', 'WITHDRAWN')),
    created_at  timestamptz  not null default now()
);
create index tickets_chat on tickets (chat_id, id);

-- each chat's support thread: the text of what the customer wrote and what the desk answered
create table thread_messages (
    id         bigserial    primary key,
    chat_id    varchar(255) not null,
    message_id varchar(255) not null,
    role       varchar(16)  not null check (role in ('user', 'assistant')),
    text       text         not null,
    unique (chat_id, message_id)
);
