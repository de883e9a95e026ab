-- Time a run has spent executing turns, summed across suspensions: what triggerConfig.maxDuration bounds
-- (a waiting or suspended run costs nothing and counts nothing).
alter table session_run add column executed_ms bigint not null default 0;
