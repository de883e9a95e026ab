-- The bytes a channel's records hold (their headers and body text, before PostgreSQL's compression), kept on the head
-- row so that the session quota is two indexed rows to read, not a sum over every record of the session per append.
-- Appends add to it in the transaction that inserts the records (under the head-row lock they already take); every
-- delete of records subtracts what it removed, through the statement trigger below, whichever code deletes them.
alter table stream_head add column stored_bytes bigint not null default 0;

update stream_head h set stored_bytes = s.bytes
from (select session_id, io, sum(coalesce(octet_length(headers), 0) + coalesce(octet_length(body), 0)) as bytes
      from stream_record group by session_id, io) s
where h.session_id = s.session_id and h.io = s.io;

create function stream_record_deleted() returns trigger language plpgsql as $$
begin
    update stream_head h set stored_bytes = greatest(0, h.stored_bytes - g.bytes)
    from (select session_id, io, sum(coalesce(octet_length(headers), 0) + coalesce(octet_length(body), 0)) as bytes
          from gone group by session_id, io) g
    where h.session_id = g.session_id and h.io = g.io;
    return null;
end $$;

create trigger stream_record_deleted after delete on stream_record
    referencing old table as gone for each statement execute function stream_record_deleted();
